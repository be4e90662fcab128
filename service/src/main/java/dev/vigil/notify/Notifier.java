package dev.vigil.notify;

/** Delivers one outbox message and says whether a failure is worth retrying. */
public interface Notifier {
    SendResult send(OutboxMessage message);

    /** Words for the timeline: how this notifier delivers ("Slack", "log"). */
    String name();
}
