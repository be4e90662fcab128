package dev.vigil.jobs;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * Which node of a cluster does a piece of work that one node should do (a probe's runs): the live nodes (those that
 * beat within the outbox's silence), sorted, and a hash of the work's name picks one. When a node joins or stops,
 * its share moves within {@link #REFRESH} (a run may happen twice, or be skipped once, while it moves). Alone, or
 * without {@code cluster: true}, every piece is this node's.
 */
public final class ClusterMembers implements Predicate<String> {
    static final Duration REFRESH = Duration.ofSeconds(5);
    private final String self;
    private final BiFunction<Instant, Duration, List<String>> liveNodes;
    private final Duration silence;
    private final InstantSource clock;
    private volatile List<String> members = List.of();
    private volatile long readAt = Long.MIN_VALUE;

    public ClusterMembers(String self, BiFunction<Instant, Duration, List<String>> liveNodes, Duration silence,
                          InstantSource clock) {
        this.self = self;
        this.liveNodes = liveNodes;
        this.silence = silence;
        this.clock = clock;
    }

    /** Every piece of work is this node's (one node, no cluster). */
    public static Predicate<String> alone() {
        return name -> true;
    }

    @Override
    public boolean test(String name) {
        long now = System.nanoTime();
        if (readAt == Long.MIN_VALUE || now - readAt > REFRESH.toNanos()) {
            try {
                members = liveNodes.apply(clock.instant(), silence);
            } catch (RuntimeException e) {
                // the database is away: keep the last view (or do everything, having none)
            }
            readAt = now;
        }
        List<String> m = members;
        if (m.size() <= 1 || !m.contains(self)) {
            return true;
        }
        return m.get(Math.floorMod(name.hashCode() * 0x9E3779B9, m.size())).equals(self);
    }
}
