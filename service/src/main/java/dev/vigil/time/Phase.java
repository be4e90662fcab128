package dev.vigil.time;

import java.time.Duration;

/**
 * Where in its interval a periodic piece of work runs, as Prometheus spreads its scrape targets: a phase taken from
 * a hash of the work's key, so that many of one interval spread over it instead of running at once, and each keeps
 * its place from one interval to the next.
 */
public final class Phase {
    private Phase() {
    }

    /** Milliseconds from {@code nowMillis} to the next instant at {@code key}'s phase of {@code interval}. */
    public static long delayMillis(String key, Duration interval, long nowMillis) {
        long every = Math.max(1, interval.toMillis());
        long phase = Math.floorMod((long) key.hashCode() * 2_654_435_761L, every);
        long next = nowMillis - Math.floorMod(nowMillis, every) + phase;
        return next < nowMillis ? next + every - nowMillis : next - nowMillis;
    }
}
