package dev.vigil.metrics;

import dev.vigil.probe.ProbeResult;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

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
        Collection<ProbeResult> results = new TreeMap<>(latest.get()).values();
        List<ProbeResult> withCert = results.stream().filter(r -> r.outcome().certificateExpiry().isPresent()).toList();
        return new MetricSnapshots(
                gauge("probe_success", "Whether the probe's last run met every condition", results,
                        r -> r.success() ? 1 : 0),
                gauge("probe_duration_seconds", "How long the probe's last request took", results,
                        r -> r.outcome().responseTime().toNanos() / 1e9),
                gauge("probe_http_status_code", "The HTTP status of the probe's last response (0: none)", results,
                        r -> r.outcome().status()),
                gauge("probe_ssl_earliest_cert_expiry", "Unix time at which the earliest certificate expires",
                        withCert, r -> r.outcome().certificateExpiry().orElseThrow().getEpochSecond()));
    }

    private static GaugeSnapshot gauge(String name, String help, Collection<ProbeResult> results,
                                       ToDoubleFunction<ProbeResult> value) {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
        for (ProbeResult r : results) {
            b.dataPoint(GaugeDataPointSnapshot.builder().labels(labels(r)).value(value.applyAsDouble(r)).build());
        }
        return b.build();
    }

    private static Labels labels(ProbeResult r) {
        Map<String, String> m = new TreeMap<>(r.spec().labels());
        m.put("probe", r.spec().name());
        return Labels.of(new ArrayList<>(m.keySet()), new ArrayList<>(m.values()));
    }
}
