package dev.vigil.release;

import java.time.Duration;

/** A health check after a step: {@code expr} must hold for {@code forDuration} (evaluated once the PromQL engine lands). */
public record Gate(String expr, Duration forDuration) {
}
