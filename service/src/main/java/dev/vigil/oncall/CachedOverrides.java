package dev.vigil.oncall;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stored overrides with paging's reads reused for a second: every page asks who each schedule has on call at
 * that moment, and a read per page costs a storm's throughput (and a second connection inside the incident's
 * transaction). A read near a moment covers {@link #BEFORE} before it to {@link #AFTER} after it; a question about
 * another span goes to the store. Changes made on this node take effect at once; those made on another node of a
 * cluster within {@link #FRESH}, as for silences.
 */
public final class CachedOverrides implements OverrideStore {
    static final Duration FRESH = Duration.ofSeconds(1);
    static final Duration BEFORE = Duration.ofSeconds(1);
    static final Duration AFTER = Duration.ofMinutes(1);

    private record Read(Instant from, Instant to, List<ScheduleOverride> overrides, long readAtNanos) {
        boolean covers(Instant a, Instant b, long nowNanos) {
            return nowNanos - readAtNanos <= FRESH.toNanos() && !a.isBefore(from) && !b.isAfter(to);
        }
    }

    private final OverrideStore store;
    private final java.util.function.LongSupplier nanoTime;
    private final Map<String, Read> reads = new ConcurrentHashMap<>();

    public CachedOverrides(OverrideStore store) {
        this(store, System::nanoTime);
    }

    /** With a clock of its own for how old a read is (tests). */
    CachedOverrides(OverrideStore store, java.util.function.LongSupplier nanoTime) {
        this.store = store;
        this.nanoTime = nanoTime;
    }

    @Override
    public List<ScheduleOverride> overlapping(String scheduleId, Instant from, Instant to) {
        long now = nanoTime.getAsLong();
        Read r = reads.get(scheduleId);
        if (r == null || !r.covers(from, to, now)) {
            if (Duration.between(from, to).compareTo(AFTER) > 0) {
                return store.overlapping(scheduleId, from, to); // a calendar's span: not paging's question
            }
            Instant a = from.minus(BEFORE);
            Instant b = from.plus(AFTER);
            r = new Read(a, b, store.overlapping(scheduleId, a, b), now);
            reads.put(scheduleId, r);
        }
        return r.overrides().stream().filter(o -> o.end().isAfter(from) && o.start().isBefore(to)).toList();
    }

    @Override
    public ScheduleOverride add(String scheduleId, String userId, Instant start, Instant end, Instant now, String by) {
        try {
            return store.add(scheduleId, userId, start, end, now, by);
        } finally {
            reads.remove(scheduleId);
        }
    }

    @Override
    public boolean delete(String scheduleId, long id) {
        try {
            return store.delete(scheduleId, id);
        } finally {
            reads.remove(scheduleId);
        }
    }
}
