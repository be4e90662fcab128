package dev.vigil.notify;

import java.time.Instant;
import java.util.List;

/** The durable outbox: messages due for sending, and the record of what became of each. */
public interface OutboxStore {
    /**
     * Up to {@code limit} messages due at {@code now}, oldest first, claimed so no other drainer takes them; never
     * one behind a pending message to the same destination, so each destination gets its messages in order.
     */
    List<OutboxMessage> claimDue(Instant now, int limit);

    /** Marks a message delivered and adds {@code timeline} to its incident's timeline. */
    void sent(OutboxMessage m, String ref, String timeline, Instant now);

    void retryLater(OutboxMessage m, String reason, Instant nextAttempt);

    /** Marks a message undeliverable and adds {@code timeline} to its incident's timeline. */
    void failed(OutboxMessage m, String reason, String timeline, Instant now);

    /** How many messages wait, and how old the oldest is, for metrics. */
    Backlog backlog(Instant now);

    /** The outbox's size and age at an instant. */
    record Backlog(long pending, double oldestSeconds) {
    }
}
