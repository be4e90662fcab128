package dev.vigil.notify;

import java.time.Duration;

/** What happened to one send, and so whether to retry it. */
public sealed interface SendResult {

    /**
     * Delivered; {@code ref} is the provider's id for the message (Slack's ts), {@code channel} where it can be found
     * again (Slack's channel id, a DM's own; empty when the provider keeps nothing to update).
     */
    record Sent(String ref, String channel) implements SendResult {
        public Sent(String ref) {
            this(ref, "");
        }
    }

    /**
     * Not delivered, worth another try after {@code after}. An outage ({@code capped} false: the provider cannot be
     * reached, rate limits, its 5xx) is retried until it ends; an error nobody knows ({@code capped} true) only a few
     * times, then the message fails visibly, so one bad message cannot stop a person's pages.
     */
    record Retryable(String reason, Duration after, boolean capped) implements SendResult {
        /** An outage: retried until delivered. */
        public Retryable(String reason, Duration after) {
            this(reason, after, false);
        }

        /** An answer nobody knows what to make of: retried a few times, then failed. */
        public static Retryable unknown(String reason, Duration after) {
            return new Retryable(reason, after, true);
        }
    }

    /** Not delivered and never will be as configured (unknown channel, bad token). */
    record Permanent(String reason) implements SendResult {
    }
}
