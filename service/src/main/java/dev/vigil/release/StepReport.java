package dev.vigil.release;

import java.time.Instant;

/** The latest report of one step in one run. */
public record StepReport(String step, StepStatus status, String message, String url, Instant updatedAt) {
}
