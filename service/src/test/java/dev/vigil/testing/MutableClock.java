package dev.vigil.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock tests move by hand: real time passes only when they say so; or, made by {@link #followingRealTime()}, the
 * wall clock, for tests where a real peer (Prometheus) keeps time.
 */
public final class MutableClock implements InstantSource {
    private final AtomicReference<Instant> now;
    private final boolean real;

    public MutableClock(Instant start) {
        this(start, false);
    }

    private MutableClock(Instant start, boolean real) {
        this.now = new AtomicReference<>(start);
        this.real = real;
    }

    /** The wall clock; {@link #advance} and {@link #set} are refused. */
    public static MutableClock followingRealTime() {
        return new MutableClock(Instant.EPOCH, true);
    }

    @Override
    public Instant instant() {
        return real ? Instant.now() : now.get();
    }

    public void advance(Duration d) {
        refuseIfReal();
        now.updateAndGet(t -> t.plus(d));
    }

    public void set(Instant t) {
        refuseIfReal();
        now.set(t);
    }

    private void refuseIfReal() {
        if (real) {
            throw new IllegalStateException("this clock follows real time");
        }
    }
}
