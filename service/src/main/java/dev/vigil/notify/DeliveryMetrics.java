package dev.vigil.notify;

/** What the drainer reports about deliveries; the wiring backs it with Prometheus metrics. */
public interface DeliveryMetrics {
    DeliveryMetrics NONE = new DeliveryMetrics() {
        @Override
        public void sent(String notifier, int messages) {
        }

        @Override
        public void retried(String notifier, String reason) {
        }

        @Override
        public void failed(String notifier, String reason) {
        }
    };

    /** One send went out carrying {@code messages} outbox messages (more than one: a bundle). */
    void sent(String notifier, int messages);

    void retried(String notifier, String reason);

    void failed(String notifier, String reason);
}
