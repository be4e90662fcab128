package dev.vigil.notify;

/** What the drainer reports about deliveries; the wiring backs it with Prometheus metrics. */
public interface DeliveryMetrics {
    void sent(String notifier);

    void retried(String notifier, String reason);

    void failed(String notifier, String reason);

    void backlog(OutboxStore.Backlog backlog);
}
