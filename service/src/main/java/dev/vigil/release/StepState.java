package dev.vigil.release;

import java.util.Locale;

/** How a step stands in a run (SPEC §3.3), as the board and the API show it; {@link StepPlan} decides it. */
public enum StepState {
    /** Waiting on what it depends on. */
    PENDING,
    /** Its turn: its team is told. */
    READY,
    RUNNING,
    /** Running (or, for a manual step, ready) longer than {@code expected_duration}, or past its {@code deadline}. */
    LATE,
    /** Succeeded; its gate is being watched. */
    GATING,
    SUCCEEDED,
    /** Reported failed, or its gate failed. */
    FAILED,
    /** Something upstream failed: never paged. */
    BLOCKED;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Succeeded for good: what depends on it may go. */
    boolean done() {
        return this == SUCCEEDED;
    }

    boolean stopsDependants() {
        return this == FAILED || this == BLOCKED;
    }
}
