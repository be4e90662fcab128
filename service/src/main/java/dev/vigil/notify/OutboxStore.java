package dev.vigil.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/** The durable outbox: messages due for sending, who is sending them, and the record of what became of each. */
public interface OutboxStore {

    /** One destination's turn: its oldest waiting message, then (when bundling) those waiting behind it, in order. */
    record Claim(String destination, List<OutboxMessage> messages) {
        public Claim {
            messages = List.copyOf(messages);
        }
    }

    /**
     * Leases to {@code node} the oldest due message of up to {@code limit} destinations, oldest first, so no other
     * sender takes them; never a message behind a pending one to the same destination, so each destination gets its
     * messages in order. Destinations in {@code skip} are passed over (being paced); for those {@code bundle} accepts,
     * up to {@code bundleMax} messages waiting for that destination are claimed together. Only the oldest is leased
     * (its attempts counted): the others wait behind it as before, so any of them the sender does not send or mark
     * goes at the destination's next turn, with no write to put it back.
     */
    List<Claim> claim(String node, Instant now, int limit, Set<String> skip, Predicate<String> bundle, int bundleMax);

    /** The oldest due message of each of up to {@code limit} destinations, one by one (no bundles, no pacing). */
    default List<OutboxMessage> claimDue(Instant now, int limit) {
        return claim("local", now, limit, Set.of(), d -> false, 1).stream().flatMap(c -> c.messages().stream()).toList();
    }

    /**
     * Marks messages delivered (as one, under {@code ref}) and adds each one's line to its incident's timeline. A
     * single incident message with a {@code channel} joins the notification log ({@link #posted}).
     */
    void sent(List<OutboxMessage> messages, String ref, String channel, Function<OutboxMessage, String> timeline,
              Instant now);

    default void sent(List<OutboxMessage> messages, String ref, Function<OutboxMessage, String> timeline, Instant now) {
        sent(messages, ref, "", timeline, now);
    }

    /** A step's "now you do this" message, once posted. */
    java.util.Optional<Posted> stepMessage(long runId, String step);

    /** A release run's board message, once posted. */
    java.util.Optional<Posted> board(long runId);

    /** The messages posted on their own about an incident to a destination, oldest first: what updates change. */
    List<Posted> posted(long incidentId, String destination);

    default void sent(OutboxMessage m, String ref, String timeline, Instant now) {
        sent(List.of(m), ref, x -> timeline, now);
    }

    void retryLater(List<OutboxMessage> messages, String reason, Instant nextAttempt);

    default void retryLater(OutboxMessage m, String reason, Instant nextAttempt) {
        retryLater(List.of(m), reason, nextAttempt);
    }

    /** Marks messages undeliverable and adds each one's line to its incident's timeline. */
    void failed(List<OutboxMessage> messages, String reason, Function<OutboxMessage, String> timeline, Instant now);

    default void failed(OutboxMessage m, String reason, String timeline, Instant now) {
        failed(List.of(m), reason, x -> timeline, now);
    }

    /** How many messages wait, and how old the oldest is, for metrics. */
    Backlog backlog(Instant now);

    /** How many messages failed for good since {@code since}, for the health check. */
    long failedSince(Instant since);

    /** {@code node} is alive at {@code now}. */
    void heartbeat(String node, Instant now);

    /** The nodes that have beaten within {@code silence} of {@code now}, by id. */
    java.util.List<String> liveNodes(Instant now, Duration silence);

    /**
     * Makes due again, at once, every message leased by a node other than {@code node} that has not beaten for
     * {@code silence}: a node killed mid-send. Returns how many.
     */
    int releaseLeasesOfSilentNodes(String node, Instant now, Duration silence);

    /** The outbox's size and age at an instant. */
    record Backlog(long pending, double oldestSeconds) {
    }
}
