package dev.vigil.inhibit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.label.Labels;
import dev.vigil.label.MatcherParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Alertmanager 0.25's inhibition: target side, a firing source with equal labels, and no self-inhibition. */
class InhibitorTest {
    private static InhibitRule rule(String source, String target, String... equal) {
        return new InhibitRule(List.of(MatcherParser.parse(source)), List.of(MatcherParser.parse(target)), List.of(equal));
    }

    private static final InhibitRule DC = rule("alertname=\"DatacenterDown\"", "severity=\"warning\"", "dc");

    @Test
    void aFiringSourceWithTheSameEqualLabelsInhibitsATarget() {
        Labels down = Labels.of("alertname", "DatacenterDown", "dc", "eu", "severity", "page");
        Labels warning = Labels.of("alertname", "DiskFull", "dc", "eu", "severity", "warning");
        assertThat(Inhibitor.inhibiting(warning, List.of(DC), List.of(down))).hasValueSatisfying(i -> {
            assertThat(i.source()).isEqualTo(down);
            assertThat(i.toString()).startsWith("alert {alertname=\"DatacenterDown\"");
        });
        assertThat(Inhibitor.inhibiting(warning.with("dc", "us"), List.of(DC), List.of(down))).as("other dc").isEmpty();
        assertThat(Inhibitor.inhibiting(warning.with("severity", "page"), List.of(DC), List.of(down)))
                .as("not a target").isEmpty();
        assertThat(Inhibitor.inhibiting(warning, List.of(DC), List.of())).as("no source firing").isEmpty();
        assertThat(Inhibitor.inhibiting(warning, List.of(), List.of(down))).as("no rule").isEmpty();
    }

    @Test
    void aMissingEqualLabelCountsAsEmptyOnBothSides() {
        Labels down = Labels.of("alertname", "DatacenterDown");
        Labels warning = Labels.of("alertname", "DiskFull", "severity", "warning");
        assertThat(Inhibitor.inhibiting(warning, List.of(DC), List.of(down))).isPresent();
        assertThat(Inhibitor.inhibiting(warning.with("dc", "eu"), List.of(DC), List.of(down))).isEmpty();
    }

    @Test
    void anAlertMatchingBothSidesIsInhibitedOnlyByASourceThatDoesNotMatchTheTargetSide() {
        // Every critical alert inhibits warnings of its cluster; an alert that is both is not muted by its own kind.
        InhibitRule r = new InhibitRule(List.of(MatcherParser.parse("severity=~\"critical|warning\"")),
                List.of(MatcherParser.parse("severity=\"warning\"")), List.of("cluster"));
        Labels warningA = Labels.of("alertname", "A", "severity", "warning", "cluster", "c1");
        Labels warningB = Labels.of("alertname", "B", "severity", "warning", "cluster", "c1");
        Labels critical = Labels.of("alertname", "C", "severity", "critical", "cluster", "c1");
        assertThat(Inhibitor.inhibiting(warningA, List.of(r), List.of(warningA, warningB))).isEmpty();
        assertThat(Inhibitor.inhibiting(warningA, List.of(r), List.of(warningA, critical)))
                .hasValueSatisfying(i -> assertThat(i.source()).isEqualTo(critical));
    }
}
