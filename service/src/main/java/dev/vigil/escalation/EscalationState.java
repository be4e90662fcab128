package dev.vigil.escalation;

/** Where an incident's escalation stands: the next step to run (0-based) in which pass over the steps. */
public record EscalationState(int step, int cycle) {
    public static final EscalationState START = new EscalationState(0, 0);

    public EscalationState {
        if (step < 0 || cycle < 0) {
            throw new IllegalArgumentException("step/cycle: " + step + "/" + cycle + " (expected: >= 0)");
        }
    }
}
