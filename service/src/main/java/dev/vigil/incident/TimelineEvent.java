package dev.vigil.incident;

import java.time.Instant;

/** One line of an incident's history: opened, notified X, escalated, acknowledged by Y, resolved. */
public record TimelineEvent(Instant at, String kind, String text) {
}
