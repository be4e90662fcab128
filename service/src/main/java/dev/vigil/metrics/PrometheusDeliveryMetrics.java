package dev.vigil.metrics;

import dev.vigil.notify.DeliveryMetrics;
import dev.vigil.notify.OutboxStore;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.Supplier;

/**
 * Delivery counters and outbox gauges, so a delay or failure to page is visible on /metrics. The gauges are read
 * from the database at each scrape, so they are live while a send pass is still running.
 */
public final class PrometheusDeliveryMetrics implements DeliveryMetrics {
    private final Counter sent;
    private final Counter sends;
    private final Counter retried;
    private final Counter failed;

    public PrometheusDeliveryMetrics(PrometheusRegistry registry, Supplier<OutboxStore.Backlog> backlog) {
        sent = Counter.builder().name("vigil_notifications_sent_total").help("Messages delivered")
                .labelNames("notifier").register(registry);
        sends = Counter.builder().name("vigil_notifier_sends_total")
                .help("Calls to the notifier that delivered: fewer than messages when a backlog was bundled")
                .labelNames("notifier").register(registry);
        retried = Counter.builder().name("vigil_notifications_retried_total")
                .help("Deliveries that failed and will be retried").labelNames("notifier").register(registry);
        failed = Counter.builder().name("vigil_notifications_failed_total")
                .help("Messages that can never be delivered as configured, or that failed too often")
                .labelNames("notifier", "reason").register(registry);
        GaugeWithCallback.builder().name("vigil_outbox_pending").help("Messages waiting in the outbox")
                .callback(cb -> cb.call(backlog.get().pending())).register(registry);
        GaugeWithCallback.builder().name("vigil_outbox_oldest_age_seconds")
                .help("Age of the oldest message waiting in the outbox")
                .callback(cb -> cb.call(backlog.get().oldestSeconds())).register(registry);
    }

    @Override
    public void sent(String notifier, int messages) {
        sent.labelValues(notifier).inc(messages);
        sends.labelValues(notifier).inc();
    }

    @Override
    public void retried(String notifier, String reason) {
        retried.labelValues(notifier).inc();
    }

    @Override
    public void failed(String notifier, String reason) {
        failed.labelValues(notifier, reason.length() > 60 ? reason.substring(0, 60) : reason).inc();
    }
}
