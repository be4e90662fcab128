package dev.vigil.incident;

import java.time.Instant;
import java.util.Optional;

/**
 * One line of an incident's history: opened, notified X, escalated, acknowledged by Y, resolved. {@code actor} is who
 * did it, a user from rules/ or an API token's name, when a person did (empty for what Vigil did itself).
 */
public record TimelineEvent(Instant at, String kind, String text, Optional<String> actor) {

    /** Something Vigil did itself. */
    public TimelineEvent(Instant at, String kind, String text) {
        this(at, kind, text, Optional.empty());
    }

    /** Something {@code actor} did. */
    public static TimelineEvent by(String actor, Instant at, String kind, String text) {
        return new TimelineEvent(at, kind, text, Optional.of(actor));
    }
}
