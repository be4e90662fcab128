package dev.vigil.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Map;
import java.util.function.Supplier;

/** Scrapes missed because a target's previous scrape still ran, by job, for /metrics. */
public final class ScrapeCollector implements MultiCollector {
    private final Supplier<Map<String, Long>> missed;

    public ScrapeCollector(Supplier<Map<String, Long>> missed) {
        this.missed = missed;
    }

    @Override
    public MetricSnapshots collect() {
        CounterSnapshot.Builder b = CounterSnapshot.builder().name("vigil_scrapes_missed")
                .help("Scrapes that were due while the target's previous scrape still ran");
        missed.get().forEach((job, n) -> b.dataPoint(CounterDataPointSnapshot.builder().labels(Labels.of("job", job))
                .value(n).build()));
        return new MetricSnapshots(b.build());
    }
}
