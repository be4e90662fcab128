package dev.vigil.testing;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Polls until a condition holds, for things that happen on the service's own ticks. */
public final class Await {
    private Await() {
    }

    /** The first present value within {@code timeout}; fails with {@code what} otherwise. */
    public static <T> T until(Duration timeout, String what, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> v = probe.get();
            if (v.isPresent()) {
                return v.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    public static void untilTrue(Duration timeout, String what, Supplier<Boolean> condition) {
        until(timeout, what, () -> condition.get() ? Optional.of(true) : Optional.empty());
    }
}
