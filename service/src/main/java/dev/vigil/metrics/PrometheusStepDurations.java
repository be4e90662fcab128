package dev.vigil.metrics;

import dev.vigil.release.ReleaseService;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;

/**
 * {@code vigil_release_step_duration_seconds{release, step}}: how long finished steps took, from their running report
 * (SPEC §3.3), so a team can alert on "ingest is slower than usual". Buckets from a minute to a day.
 */
public final class PrometheusStepDurations implements ReleaseService.StepDurations {
    private final Histogram histogram;

    public PrometheusStepDurations(PrometheusRegistry registry) {
        histogram = Histogram.builder().name("vigil_release_step_duration_seconds")
                .help("How long finished release steps took, from their running report")
                .labelNames("release", "step")
                .classicUpperBounds(60, 300, 600, 1800, 3600, 7200, 14400, 28800, 86400)
                .register(registry);
    }

    @Override
    public void observe(String release, String step, Duration took) {
        histogram.labelValues(release, step).observe(took.toMillis() / 1000.0);
    }
}
