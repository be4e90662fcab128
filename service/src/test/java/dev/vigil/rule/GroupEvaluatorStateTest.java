package dev.vigil.rule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.label.Labels;
import dev.vigil.promql.Evaluator;
import dev.vigil.promql.Parser;
import dev.vigil.promql.SeriesStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a group's alert states are kept between evaluators: across a restart, and between the nodes of a cluster. */
class GroupEvaluatorStateTest {
    private static final long T0 = 1_800_000_000_000L;
    private static final Labels UP = Labels.of("__name__", "up", "job", "api");
    private final SeriesStore series = new SeriesStore(Duration.ofHours(1).toMillis());
    private final Evaluator engine = new Evaluator(series, Evaluator.DEFAULT_LOOKBACK_MS, 15_000);
    private final AlertStateStore stored = AlertStateStore.inMemory();

    private static Rule.Alerting rule(String name, String expr, Duration forDuration, String severity) {
        return new Rule.Alerting(name, Parser.parse(expr), expr, forDuration, Duration.ZERO, Map.of("severity", severity),
                Map.of());
    }

    private GroupEvaluator evaluator(boolean shared, Rule... rules) {
        RuleGroup group = new RuleGroup("g", "f.yml", Optional.empty(), 0, Map.of(), List.of(rules));
        return new GroupEvaluator(group, series, RuleQuerier.embedded(engine), Map.of(), "", stored, "f.yml:g", shared);
    }

    private void up(double value, long from, long to) {
        for (long t = from; t <= to; t += 15_000) {
            series.append(UP, t, value);
        }
    }

    private static ActiveAlert only(GroupEvaluator e, Rule r) {
        return e.alertState(r).orElseThrow().alerts().stream().reduce((a, b) -> {
            throw new AssertionError("more than one alert: " + a + ", " + b);
        }).orElseThrow(() -> new AssertionError("no alert for " + r.name()));
    }

    @Test
    void nodesTakingTurnsCountOneForAndResolveOnce() {
        Rule.Alerting down = rule("Down", "up == 0", Duration.ofMinutes(1), "page");
        GroupEvaluator a = evaluator(true, down);
        GroupEvaluator b = evaluator(true, down);
        up(0, T0, T0 + 60_000);
        a.eval(T0);
        b.eval(T0 + 30_000);
        assertThat(only(b, down).activeAt()).as("pending since node a first saw it").isEqualTo(T0);
        b.eval(T0 + 60_000);
        assertThat(only(b, down).state()).as("a minute after it began, on whichever node").isEqualTo(AlertState.FIRING);

        up(1, T0 + 75_000, T0 + 90_000);
        a.eval(T0 + 75_000);
        assertThat(only(a, down).state()).isEqualTo(AlertState.INACTIVE);
        b.eval(T0 + 90_000);
        assertThat(only(b, down).resolvedAt()).as("resolved once, by node a").contains(T0 + 75_000);
    }

    @Test
    void rulesSharingANameKeepTheirOwnStateAcrossARestart() {
        Rule.Alerting warning = rule("Down", "up == 0", Duration.ofSeconds(30), "warning");
        Rule.Alerting critical = rule("Down", "up == 0", Duration.ofMinutes(1), "critical");
        up(0, T0, T0 + 90_000);
        GroupEvaluator before = evaluator(false, warning, critical);
        before.eval(T0);
        before.eval(T0 + 30_000);
        assertThat(only(before, warning).state()).isEqualTo(AlertState.FIRING);
        assertThat(only(before, critical).state()).isEqualTo(AlertState.PENDING);

        GroupEvaluator after = evaluator(false, warning, critical);
        after.eval(T0 + 60_000);
        assertThat(only(after, warning).firedAt()).as("still firing since before the restart").contains(T0 + 30_000);
        assertThat(only(after, critical).activeAt()).as("pending since before the restart").isEqualTo(T0);
        assertThat(only(after, critical).state()).isEqualTo(AlertState.FIRING);
    }

    @Test
    void aNodeNotInAClusterKeepsItsOwnState() {
        Rule.Alerting down = rule("Down", "up == 0", Duration.ofMinutes(1), "page");
        GroupEvaluator a = evaluator(false, down);
        GroupEvaluator b = evaluator(false, down);
        up(0, T0, T0 + 30_000);
        a.eval(T0);
        b.eval(T0 + 30_000);
        assertThat(only(b, down).activeAt()).isEqualTo(T0 + 30_000);
    }
}
