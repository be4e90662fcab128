package dev.vigil.probe;

import java.time.Duration;

/** Checks one type of target within a timeout and says what it observed; never throws for a failed check. */
public interface Prober<T extends ProbeTarget> {
    Observation probe(T target, Duration timeout);

    /** The time since {@code startNanos} (a {@link System#nanoTime()}). */
    static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
