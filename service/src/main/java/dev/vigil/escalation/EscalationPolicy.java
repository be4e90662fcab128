package dev.vigil.escalation;

import java.util.List;

/** Who is notified, in what order, until someone acknowledges; the steps run {@code repeat} more times. */
public record EscalationPolicy(String id, int repeat, List<EscalationStep> steps) {
    public EscalationPolicy {
        steps = List.copyOf(steps);
        if (repeat < 0) {
            throw new IllegalArgumentException("repeat: " + repeat + " (expected: >= 0)");
        }
    }
}
