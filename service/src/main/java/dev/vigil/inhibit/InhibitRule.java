package dev.vigil.inhibit;

import dev.vigil.label.Labels;
import dev.vigil.label.Matcher;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Alertmanager's inhibit rule: while an alert matching {@code sourceMatchers} fires, alerts matching
 * {@code targetMatchers} with the same values of the {@code equal} labels (a missing label counts as empty) page nobody.
 */
public record InhibitRule(List<Matcher> sourceMatchers, List<Matcher> targetMatchers, List<String> equal) {
    public InhibitRule {
        sourceMatchers = List.copyOf(sourceMatchers);
        targetMatchers = List.copyOf(targetMatchers);
        equal = List.copyOf(equal);
    }

    boolean isSource(Labels labels) {
        return sourceMatchers.stream().allMatch(m -> m.matches(labels));
    }

    boolean isTarget(Labels labels) {
        return targetMatchers.stream().allMatch(m -> m.matches(labels));
    }

    boolean sameEqual(Labels a, Labels b) {
        return equal.stream().allMatch(n -> a.get(n).equals(b.get(n)));
    }

    @Override
    public String toString() {
        return sourceMatchers.stream().map(Matcher::toString).collect(Collectors.joining(", ", "{", "}")) + " inhibits "
                + targetMatchers.stream().map(Matcher::toString).collect(Collectors.joining(", ", "{", "}"))
                + (equal.isEmpty() ? "" : " with equal " + equal);
    }
}
