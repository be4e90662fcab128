package dev.vigil.release;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The latest report of one step in one run; {@code startedAt} is when it last started running (its first
 * {@code running} report after anything else), empty when it never reported running.
 */
public record StepReport(String step, StepStatus status, String message, String url, Instant updatedAt,
                         Optional<Instant> startedAt) {
    public StepReport(String step, StepStatus status, String message, String url, Instant updatedAt) {
        this(step, status, message, url, updatedAt, Optional.empty());
    }

    /** How long the step took, for a step that finished after reporting running. */
    public Optional<Duration> duration() {
        return status == StepStatus.RUNNING ? Optional.empty() : startedAt.map(s -> Duration.between(s, updatedAt));
    }
}
