package dev.vigil.probe;

import dev.vigil.label.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * The series a probe run produces, with blackbox-exporter names, labelled {@code probe} plus the probe's own
 * labels: what /metrics exposes and what rules query. {@code probe_success}, {@code probe_duration_seconds},
 * {@code probe_ssl_earliest_cert_expiry} (when a certificate was seen), and the type's own
 * ({@code probe_http_status_code}, {@code probe_dns_lookup_time_seconds}, {@code probe_sql_value}, ...).
 */
public final class ProbeSeries {
    /** One series' value from one run. */
    public record Sample(String name, Labels labels, double value) {
        /** The labels with {@code __name__}, as the series store keys them. */
        public Labels series() {
            return labels.with("__name__", name);
        }
    }

    private ProbeSeries() {
    }

    public static List<Sample> of(ProbeResult r) {
        Labels labels = Labels.of(r.spec().labels()).with("probe", r.spec().name());
        List<Sample> out = new ArrayList<>();
        out.add(new Sample("probe_success", labels, r.success() ? 1 : 0));
        out.add(new Sample("probe_duration_seconds", labels, r.observation().took().toNanos() / 1e9));
        r.observation().certificateExpiry().ifPresent(t ->
                out.add(new Sample("probe_ssl_earliest_cert_expiry", labels, t.getEpochSecond())));
        r.observation().series().forEach((name, value) -> out.add(new Sample(name, labels, value)));
        return out;
    }
}
