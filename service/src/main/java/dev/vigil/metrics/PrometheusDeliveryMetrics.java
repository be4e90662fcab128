package dev.vigil.metrics;

import dev.vigil.notify.DeliveryMetrics;
import dev.vigil.notify.OutboxStore;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** Delivery counters and outbox gauges, so a delay or failure to page is visible on /metrics. */
public final class PrometheusDeliveryMetrics implements DeliveryMetrics {
    private final Counter sent;
    private final Counter retried;
    private final Counter failed;
    private final Gauge pending;
    private final Gauge oldest;

    public PrometheusDeliveryMetrics(PrometheusRegistry registry) {
        sent = Counter.builder().name("vigil_notifications_sent_total").help("Messages delivered")
                .labelNames("notifier").register(registry);
        retried = Counter.builder().name("vigil_notifications_retried_total")
                .help("Deliveries that failed and will be retried").labelNames("notifier").register(registry);
        failed = Counter.builder().name("vigil_notifications_failed_total")
                .help("Messages that can never be delivered as configured").labelNames("notifier", "reason")
                .register(registry);
        pending = Gauge.builder().name("vigil_outbox_pending").help("Messages waiting in the outbox").register(registry);
        oldest = Gauge.builder().name("vigil_outbox_oldest_age_seconds")
                .help("Age of the oldest message waiting in the outbox").register(registry);
    }

    @Override
    public void sent(String notifier) {
        sent.labelValues(notifier).inc();
    }

    @Override
    public void retried(String notifier, String reason) {
        retried.labelValues(notifier).inc();
    }

    @Override
    public void failed(String notifier, String reason) {
        failed.labelValues(notifier, reason.length() > 60 ? reason.substring(0, 60) : reason).inc();
    }

    @Override
    public void backlog(OutboxStore.Backlog backlog) {
        pending.set(backlog.pending());
        oldest.set(backlog.oldestSeconds());
    }
}
