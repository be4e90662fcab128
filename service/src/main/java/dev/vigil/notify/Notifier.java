package dev.vigil.notify;

/** Delivers one outbox message and says whether a failure is worth retrying. */
public interface Notifier {
    SendResult send(OutboxMessage message);

    /**
     * Shows {@code update}'s state in each of {@code posts} (messages sent before to the same destination) and, when it
     * is threaded, adds its line to the thread of the first. Notifiers that keep no messages log it.
     */
    default SendResult update(OutboxMessage message, IncidentUpdate update, java.util.List<Posted> posts) {
        return send(message);
    }

    /** Replaces {@code posted} (a message sent before, a run's board) with what {@code message} says now. */
    default SendResult replace(OutboxMessage message, Posted posted) {
        return send(message);
    }

    /**
     * The most lines one {@link BundleNotice} can show here ({@link BundleNotice#lineCount}): a bundle never takes more
     * subjects than it can name, and what is left waits for the destination's next turn.
     */
    default int bundleLines() {
        return Integer.MAX_VALUE;
    }

    /** Words for the timeline: how this notifier delivers ("Slack", "log"). */
    String name();
}
