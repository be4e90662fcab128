package dev.vigil.rule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.label.Labels;
import dev.vigil.promql.Evaluator;
import dev.vigil.promql.Parser;
import dev.vigil.promql.SeriesStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Alert states are written when they change in what a restart needs, not at every evaluation. */
class ChangedStatesOnlyTest {
    private static final long T0 = 1_800_000_000_000L;
    private static final Labels LOAD = Labels.of("__name__", "load", "job", "api");
    private static final Rule.Alerting HIGH = new Rule.Alerting("High", Parser.parse("load > 1"), "load > 1",
            Duration.ofSeconds(30), Duration.ZERO, Map.of(), Map.of("summary", "load {{ $value }}"));
    private final SeriesStore series = new SeriesStore(Duration.ofHours(1).toMillis());
    private final Evaluator engine = new Evaluator(series, Evaluator.DEFAULT_LOOKBACK_MS, 15_000);
    private final AlertStateStore memory = AlertStateStore.inMemory();
    private final List<String> writes = new ArrayList<>();
    private final AlertStateStore counted = new AlertStateStore() {
        @Override
        public void save(String groupKey, String ruleName, List<ActiveAlert> alerts) {
            writes.add(ruleName + " " + alerts.stream().map(a -> a.state().name()).toList());
            memory.save(groupKey, ruleName, alerts);
        }

        @Override
        public Map<String, List<ActiveAlert>> load(String groupKey) {
            return memory.load(groupKey);
        }
    };

    private GroupEvaluator evaluator(AlertStateStore states, boolean shared) {
        RuleGroup group = new RuleGroup("g", "f.yml", Optional.empty(), 0, Map.of(), List.of(HIGH));
        return new GroupEvaluator(group, series, RuleQuerier.embedded(engine), Map.of(), "", states, "f.yml:g", shared);
    }

    private void evalEvery15s(GroupEvaluator e, long from, long to, double... loads) {
        int i = 0;
        for (long t = from; t <= to; t += 15_000) {
            series.append(LOAD, t, loads[Math.min(i++, loads.length - 1)]);
            e.eval(t);
        }
    }

    @Test
    void aRuleIsWrittenAtEachChangeOfStateNotAtEachEvaluation() {
        GroupEvaluator e = evaluator(AlertStateStore.changesOnly(counted), false);
        evalEvery15s(e, T0, T0 + 60_000, 0.5);
        assertThat(writes).as("five evaluations without an alert").isEmpty();

        evalEvery15s(e, T0 + 75_000, T0 + 180_000, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(writes).as("pending, then firing; its value and summary changing at every evaluation")
                .containsExactly("High [PENDING]", "High [FIRING]");

        evalEvery15s(e, T0 + 195_000, T0 + 240_000, 0.5);
        assertThat(writes).as("resolved: once").containsExactly("High [PENDING]", "High [FIRING]", "High [INACTIVE]");
    }

    @Test
    void aRestartCarriesOnFromTheLastChangeAndComputesTheValueAgain() {
        evalEvery15s(evaluator(AlertStateStore.changesOnly(counted), false), T0, T0 + 90_000, 2, 3, 4, 5, 6, 7, 8);
        assertThat(writes).hasSize(2);
        ActiveAlert stored = memory.load("f.yml:g").get("High").get(0);
        assertThat(stored.value()).as("as it was when it began to fire").isEqualTo(4);

        GroupEvaluator after = evaluator(AlertStateStore.changesOnly(counted), false);
        series.append(LOAD, T0 + 105_000, 9);
        after.eval(T0 + 105_000);
        ActiveAlert alert = after.alertState(HIGH).orElseThrow().alerts().get(0);
        assertThat(alert.state()).isEqualTo(AlertState.FIRING);
        assertThat(alert.firedAt()).as("still firing since before the restart").contains(T0 + 30_000);
        assertThat(alert.value()).isEqualTo(9);
        assertThat(alert.annotations()).containsEntry("summary", "load 9");
        assertThat(writes).as("nothing changed that a restart needs").hasSize(2);
    }

    @Test
    void aNodeComparesWithWhatAnotherNodeWroteSince() {
        AlertStateStore a = AlertStateStore.changesOnly(counted);
        AlertStateStore b = AlertStateStore.changesOnly(counted);
        ActiveAlert firing = new ActiveAlert(LOAD, Map.of(), AlertState.FIRING, 2, T0, Optional.of(T0), Optional.empty(),
                Optional.empty());
        a.load("g");
        a.save("g", "High", List.of(firing));
        b.load("g");
        b.save("g", "High", List.of());
        a.load("g");
        a.save("g", "High", List.of(firing));
        assertThat(memory.load("g").get("High")).as("a's write after b's, though a had written the same before")
                .containsExactly(firing);
        assertThat(writes).hasSize(3);
    }
}
