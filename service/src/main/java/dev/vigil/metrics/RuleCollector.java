package dev.vigil.metrics;

import dev.vigil.rule.RuleManager;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.function.Supplier;

/** Rule group evaluations, failures, and when and how long each group last ran, for /metrics. */
public final class RuleCollector implements MultiCollector {
    private final Supplier<RuleManager> rules;

    public RuleCollector(Supplier<RuleManager> rules) {
        this.rules = rules;
    }

    @Override
    public MetricSnapshots collect() {
        CounterSnapshot.Builder evaluations = CounterSnapshot.builder().name("vigil_rule_group_evaluations")
                .help("Rule group evaluations");
        CounterSnapshot.Builder failures = CounterSnapshot.builder().name("vigil_rule_evaluation_failures")
                .help("Rule evaluations that failed (never taken as a resolved alert)");
        GaugeSnapshot.Builder last = GaugeSnapshot.builder().name("vigil_rule_group_last_evaluation_timestamp_seconds")
                .help("When the group was last evaluated");
        GaugeSnapshot.Builder duration = GaugeSnapshot.builder().name("vigil_rule_group_last_duration_seconds")
                .help("How long the group's last evaluation took");
        CounterSnapshot.Builder missed = CounterSnapshot.builder().name("vigil_rule_group_iterations_missed")
                .help("Rule group evaluations that were due but did not run (Prometheus's "
                        + "prometheus_rule_group_iterations_missed_total)");
        for (RuleManager.GroupStatus s : rules.get().status()) {
            Labels l = Labels.of("rule_group", RuleManager.key(s.group()));
            evaluations.dataPoint(CounterDataPointSnapshot.builder().labels(l).value(s.evaluations()).build());
            failures.dataPoint(CounterDataPointSnapshot.builder().labels(l).value(s.failures()).build());
            last.dataPoint(GaugeDataPointSnapshot.builder().labels(l)
                    .value(s.lastEvaluation().map(t -> t.toEpochMilli() / 1000.0).orElse(0.0)).build());
            duration.dataPoint(GaugeDataPointSnapshot.builder().labels(l).value(s.lastDurationSeconds()).build());
            missed.dataPoint(CounterDataPointSnapshot.builder().labels(l).value(s.missed()).build());
        }
        return new MetricSnapshots(evaluations.build(), failures.build(), last.build(), duration.build(), missed.build());
    }
}
