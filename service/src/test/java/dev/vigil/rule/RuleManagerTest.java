package dev.vigil.rule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alert.Alert;
import dev.vigil.label.Labels;
import dev.vigil.promql.Evaluator;
import dev.vigil.promql.Parser;
import dev.vigil.promql.SeriesStore;
import dev.vigil.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the rule manager hands to the pipeline after each evaluation. */
class RuleManagerTest {
    private static final Instant T0 = Instant.parse("2026-12-01T02:00:00Z");
    private final SeriesStore series = new SeriesStore(Duration.ofHours(2).toMillis());
    private final MutableClock clock = new MutableClock(T0);
    private final List<Alert> received = new ArrayList<>();
    private boolean failNextResolved;

    @Test
    void aResolvedAlertIsSentAgainAtEveryEvaluationWhileRetainedSoOneFailedHandOffLosesNothing() {
        RuleManager manager = new RuleManager(series, Map.of(), "", alert -> {
            if (alert.state() == Alert.State.RESOLVED && failNextResolved) {
                failNextResolved = false;
                throw new IllegalStateException("database away");
            }
            received.add(alert);
        }, clock, Duration.ofSeconds(30), AlertStateStore.inMemory(), false,
                g -> RuleQuerier.embedded(new Evaluator(series, Evaluator.DEFAULT_LOOKBACK_MS, 30_000)));
        Rule.Alerting down = new Rule.Alerting("Down", Parser.parse("up == 0"), "up == 0", Duration.ZERO, Duration.ZERO,
                Map.of(), Map.of());
        RuleGroup group = new RuleGroup("g", "f.yml", Optional.empty(), 0, Map.of(), List.of(down));
        manager.load(List.of(group));
        String key = RuleManager.key(group);
        Labels up = Labels.of("__name__", "up", "job", "api");

        series.append(up, clock.millis(), 0);
        manager.evaluate(key);
        assertThat(received).extracting(Alert::state).containsExactly(Alert.State.FIRING);

        clock.advance(Duration.ofSeconds(30));
        series.append(up, clock.millis(), 1);
        failNextResolved = true;
        manager.evaluate(key);
        assertThat(received).as("the hand-off failed").hasSize(1);

        clock.advance(Duration.ofSeconds(30));
        series.append(up, clock.millis(), 1);
        manager.evaluate(key);
        assertThat(received).extracting(Alert::state).containsExactly(Alert.State.FIRING, Alert.State.RESOLVED);

        clock.advance(Duration.ofMinutes(16));
        series.append(up, clock.millis(), 1);
        received.clear();
        manager.evaluate(key);
        assertThat(received).as("no longer retained after 15 minutes").isEmpty();
    }

    @Test
    void aGapOfSeveralIntervalsCountsTheRunsThatWereMissedAsPrometheusDoes() {
        RuleManager manager = new RuleManager(series, Map.of(), "", received::add, clock, Duration.ofSeconds(30),
                AlertStateStore.inMemory(), false,
                g -> RuleQuerier.embedded(new Evaluator(series, Evaluator.DEFAULT_LOOKBACK_MS, 30_000)));
        RuleGroup group = new RuleGroup("g", "f.yml", Optional.empty(), 0, Map.of(), List.of(new Rule.Recording("r",
                Parser.parse("vector(1)"), "vector(1)", Map.of())));
        manager.load(List.of(group));
        String key = RuleManager.key(group);
        manager.evaluate(key);
        clock.advance(Duration.ofSeconds(30));
        manager.evaluate(key);
        assertThat(manager.status().get(0).missed()).as("on time").isZero();
        clock.advance(Duration.ofSeconds(100)); // three intervals and more: two runs did not happen
        manager.evaluate(key);
        assertThat(manager.status().get(0).missed()).isEqualTo(2);
    }
}
