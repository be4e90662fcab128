package dev.vigil.metrics;

import dev.vigil.probe.ProbeResult;
import dev.vigil.probe.ProbeSeries;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Exposes each probe's latest result with blackbox-exporter names ({@code probe_success},
 * {@code probe_duration_seconds}, {@code probe_http_status_code}, {@code probe_ssl_earliest_cert_expiry}),
 * labelled {@code probe} plus the probe's own labels.
 */
public final class ProbeCollector implements MultiCollector {
    private final Supplier<Map<String, ProbeResult>> latest;

    public ProbeCollector(Supplier<Map<String, ProbeResult>> latest) {
        this.latest = latest;
    }

    @Override
    public MetricSnapshots collect() {
        Map<String, GaugeSnapshot.Builder> byName = new TreeMap<>();
        for (ProbeResult r : new TreeMap<>(latest.get()).values()) {
            for (ProbeSeries.Sample s : ProbeSeries.of(r)) {
                byName.computeIfAbsent(s.name(), n -> GaugeSnapshot.builder().name(n).help(HELP.getOrDefault(n, n)))
                        .dataPoint(GaugeDataPointSnapshot.builder().labels(labels(s)).value(s.value()).build());
            }
        }
        return new MetricSnapshots(byName.values().stream().map(GaugeSnapshot.Builder::build).toList()
                .toArray(new GaugeSnapshot[0]));
    }

    private static final Map<String, String> HELP = Map.of(
            "probe_success", "Whether the probe's last run met every condition",
            "probe_duration_seconds", "How long the probe's last request took",
            "probe_http_status_code", "The HTTP status of the probe's last response (0: none)",
            "probe_ssl_earliest_cert_expiry", "Unix time at which the earliest certificate expires");

    private static Labels labels(ProbeSeries.Sample s) {
        Map<String, String> m = s.labels().asMap();
        return Labels.of(new ArrayList<>(m.keySet()), new ArrayList<>(m.values()));
    }
}
