package dev.vigil.inhibit;

import dev.vigil.label.Labels;
import java.util.List;
import java.util.Optional;

/**
 * Which firing alert inhibits an alert, as Alertmanager 0.25's {@code inhibit.Inhibitor.Mutes} decides: a rule whose
 * target side the alert matches, and a firing alert on its source side with the same {@code equal} labels. When the
 * alert matches both sides, only a source that does not match the target side inhibits it, so an alert never
 * inhibits itself (nor others exactly like it).
 */
public final class Inhibitor {
    private Inhibitor() {
    }

    /** A firing alert that inhibits {@code target} by one of {@code rules}, with the rule; empty when none does. */
    public static Optional<Inhibition> inhibiting(Labels target, List<InhibitRule> rules, List<Labels> firing) {
        for (InhibitRule r : rules) {
            if (!r.isTarget(target)) {
                continue;
            }
            boolean twoSided = r.isSource(target);
            for (Labels source : firing) {
                if (r.isSource(source) && r.sameEqual(source, target) && !(twoSided && r.isTarget(source))) {
                    return Optional.of(new Inhibition(source, r));
                }
            }
        }
        return Optional.empty();
    }

    /** A firing {@code source} alert and the rule by which it inhibits another. */
    public record Inhibition(Labels source, InhibitRule rule) {
        @Override
        public String toString() {
            return "alert " + source + " (inhibit rule " + rule + ")";
        }
    }
}
