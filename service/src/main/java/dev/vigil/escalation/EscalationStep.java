package dev.vigil.escalation;

import java.time.Duration;
import java.util.List;

/** One step of a policy: notify {@code targets}, then wait {@code escalateAfter} for an acknowledgement. */
public record EscalationStep(List<Target> targets, Duration escalateAfter) {
    public EscalationStep {
        targets = List.copyOf(targets);
        if (escalateAfter.isNegative()) {
            throw new IllegalArgumentException("escalateAfter: " + escalateAfter + " (expected: >= 0)");
        }
    }
}
