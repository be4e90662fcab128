package dev.vigil.release;

import java.time.Duration;

/**
 * A health check after a step (SPEC §3.3): once the step succeeds, {@code expr} is evaluated every {@code interval};
 * it must return a non-empty result at each evaluation for {@code forDuration}, or the gate fails.
 */
public record Gate(String expr, Duration forDuration, Duration interval) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

    public Gate(String expr, Duration forDuration) {
        this(expr, forDuration, DEFAULT_INTERVAL);
    }
}
