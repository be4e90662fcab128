package dev.vigil.notify;

import java.time.Instant;

/**
 * A message waiting in the durable outbox: where it goes ({@code destination}, a Slack channel or user id),
 * whom that is for the timeline ({@code recipient}), and what it says.
 */
public record OutboxMessage(long id, String destination, String recipient, Notice notice, int attempts,
                            Instant nextAttemptAt) {

    /** A new message, not yet stored. */
    public static OutboxMessage of(String destination, String recipient, Notice notice, Instant now) {
        return new OutboxMessage(0, destination, recipient, notice, 0, now);
    }
}
