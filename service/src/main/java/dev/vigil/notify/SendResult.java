package dev.vigil.notify;

import java.time.Duration;

/** What happened to one send, and so whether to retry it. */
public sealed interface SendResult {

    /** Delivered; {@code ref} is the provider's id for the message (Slack's ts). */
    record Sent(String ref) implements SendResult {
    }

    /** Not delivered, worth another try after {@code after} (rate limit, outage). */
    record Retryable(String reason, Duration after) implements SendResult {
    }

    /** Not delivered and never will be as configured (unknown channel, bad token). */
    record Permanent(String reason) implements SendResult {
    }
}
