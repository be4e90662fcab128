package dev.vigil.notify;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends what waits in the outbox through the notifier, and records each result; run on a short tick. */
public final class OutboxDrainer {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxDrainer.class);
    /**
     * Messages are claimed one at a time: every node drains, and a claimed message is leased for a minute, so a
     * node must not sit on a batch it will take longer than that to send.
     */
    private static final int CLAIM = 1;

    private final OutboxStore store;
    private final Notifier notifier;
    private final InstantSource clock;
    private final DeliveryMetrics metrics;

    public OutboxDrainer(OutboxStore store, Notifier notifier, InstantSource clock, DeliveryMetrics metrics) {
        this.store = store;
        this.notifier = notifier;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Sends every message that is due now; returns how many were handled. */
    public int drain() {
        int handled = 0;
        List<OutboxMessage> due;
        do {
            due = store.claimDue(clock.instant(), CLAIM);
            for (OutboxMessage m : due) {
                deliver(m);
                handled++;
            }
        } while (due.size() == CLAIM);
        metrics.backlog(store.backlog(clock.instant()));
        return handled;
    }

    private void deliver(OutboxMessage m) {
        SendResult result;
        try {
            result = notifier.send(m);
        } catch (RuntimeException e) {
            LOG.warn("notifier {} threw for message {}; will retry", notifier.name(), m.id(), e);
            result = new SendResult.Retryable(e.toString(), java.time.Duration.ofSeconds(30));
        }
        Instant now = clock.instant();
        String what = m.notice().event() + " notice to " + m.recipient();
        if (result instanceof SendResult.Sent s) {
            store.sent(m, s.ref(), "sent " + what + " via " + notifier.name(), now);
            metrics.sent(notifier.name());
        } else if (result instanceof SendResult.Retryable r) {
            LOG.info("{} not sent ({}); retrying in {}", what, r.reason(), r.after());
            store.retryLater(m, r.reason(), now.plus(r.after()));
            metrics.retried(notifier.name(), r.reason());
        } else if (result instanceof SendResult.Permanent p) {
            LOG.warn("{} failed for good: {}", what, p.reason());
            store.failed(m, p.reason(), what + " failed: " + p.reason(), now);
            metrics.failed(notifier.name(), p.reason());
        }
    }
}
