package dev.vigil.probe;

import dev.vigil.label.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * The series a probe run produces, with blackbox-exporter names, labelled {@code probe} plus the probe's own
 * labels: what /metrics exposes and what rules query.
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
        out.add(new Sample("probe_duration_seconds", labels, r.outcome().responseTime().toNanos() / 1e9));
        out.add(new Sample("probe_http_status_code", labels, r.outcome().status()));
        r.outcome().certificateExpiry().ifPresent(t ->
                out.add(new Sample("probe_ssl_earliest_cert_expiry", labels, t.getEpochSecond())));
        return out;
    }
}
