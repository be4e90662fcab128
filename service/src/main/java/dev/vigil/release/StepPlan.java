package dev.vigil.release;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every step's state in a run, a pure function of the pipeline, the run's reports, its gates' results and the time
 * (SPEC §3.3). The periodic release tick acts on what it says (late alerts, ready notices, gates); the API, the
 * board and {@code /vigil release status} show it.
 */
public final class StepPlan {
    private StepPlan() {
    }

    /** What a gate has shown so far, for a step that succeeded and has one. */
    public enum GateResult {
        /** Being watched: held so far, not yet for its whole {@code for}. */
        WATCHING,
        /** Held for its whole {@code for}: the dependants may go. */
        HELD,
        /** Stopped holding within {@code for}. */
        FAILED
    }

    /** One step's state, since when, and why (for late and failed ones). */
    public record View(StepState state, Optional<Instant> since, String why) {
        static View of(StepState state, Instant since) {
            return new View(state, Optional.ofNullable(since), "");
        }
    }

    public static Map<String, StepState> states(Pipeline p, ReleaseRun run, Map<String, GateResult> gates, Instant now) {
        Map<String, StepState> out = new LinkedHashMap<>();
        of(p, run, gates, now).forEach((id, v) -> out.put(id, v.state()));
        return out;
    }

    /** Every step of the pipeline, in its order; a step's dependencies come before it (the loader checks). */
    public static Map<String, View> of(Pipeline p, ReleaseRun run, Map<String, GateResult> gates, Instant now) {
        Map<String, View> out = new LinkedHashMap<>();
        for (PipelineStep s : p.steps()) {
            out.put(s.id(), view(s, run, gates, now, out));
        }
        return out;
    }

    private static View view(PipelineStep s, ReleaseRun run, Map<String, GateResult> gates, Instant now,
                             Map<String, View> before) {
        StepReport r = run.reports().get(s.id());
        Optional<Instant> due = s.deadline().map(d -> run.startedAt().plus(d));
        boolean pastDeadline = due.map(d -> !now.isBefore(d)).orElse(false);
        String deadlineWhy = "not succeeded by its deadline " + due.map(Instant::toString).orElse("");
        if (r != null && r.status() == StepStatus.FAILED) {
            return new View(StepState.FAILED, Optional.of(r.updatedAt()), r.message());
        }
        if (r != null && r.status() == StepStatus.SUCCEEDED) {
            if (s.gate().isEmpty()) {
                return View.of(StepState.SUCCEEDED, r.updatedAt());
            }
            return switch (gates.getOrDefault(s.id(), GateResult.WATCHING)) {
                case WATCHING -> View.of(StepState.GATING, r.updatedAt());
                case HELD -> View.of(StepState.SUCCEEDED, r.updatedAt().plus(s.gate().get().forDuration()));
                case FAILED -> new View(StepState.FAILED, Optional.of(r.updatedAt()), "gate failed: " + s.gate().get().expr());
            };
        }
        if (r != null && r.status() == StepStatus.RUNNING) {
            Optional<String> overdue = over(s.expectedDuration(), r.updatedAt(), now, "running");
            if (overdue.isPresent()) {
                return new View(StepState.LATE, Optional.of(r.updatedAt()), overdue.get());
            }
            return pastDeadline ? new View(StepState.LATE, Optional.of(r.updatedAt()), deadlineWhy)
                    : View.of(StepState.RUNNING, r.updatedAt());
        }
        if (s.dependsOn().stream().map(before::get).anyMatch(v -> v.state().stopsDependants())) {
            return new View(StepState.BLOCKED, Optional.empty(), "upstream failed");
        }
        if (!s.dependsOn().stream().map(before::get).allMatch(v -> v.state().done())) {
            return pastDeadline ? new View(StepState.LATE, Optional.empty(), deadlineWhy)
                    : new View(StepState.PENDING, Optional.empty(), "");
        }
        Instant ready = s.dependsOn().stream().map(before::get).map(v -> v.since().orElse(run.startedAt()))
                .max(Instant::compareTo).orElse(run.startedAt());
        Optional<String> waiting = s.manual() ? over(s.expectedDuration(), ready, now, "ready") : Optional.empty();
        if (waiting.isPresent()) {
            return new View(StepState.LATE, Optional.of(ready), waiting.get());
        }
        return pastDeadline ? new View(StepState.LATE, Optional.of(ready), deadlineWhy) : View.of(StepState.READY, ready);
    }

    private static Optional<String> over(Optional<Duration> expected, Instant since, Instant now, String doing) {
        if (expected.isEmpty() || Duration.between(since, now).compareTo(expected.get()) <= 0) {
            return Optional.empty();
        }
        return Optional.of(doing + " for " + minutes(Duration.between(since, now)) + ", expected "
                + minutes(expected.get()));
    }

    /** A duration as a person reads it: 45s, 12m, 2h5m. */
    public static String human(Duration d) {
        return d.toMinutes() == 0 ? d.toSeconds() + "s" : minutes(d);
    }

    private static String minutes(Duration d) {
        long m = d.toMinutes();
        return m >= 60 ? (m / 60) + "h" + (m % 60 == 0 ? "" : m % 60 + "m") : m + "m";
    }
}
