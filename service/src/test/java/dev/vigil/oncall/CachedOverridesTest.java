package dev.vigil.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CachedOverridesTest {
    /** Overrides in a list, counting the reads that reach it. */
    static final class Counting implements OverrideStore {
        final List<ScheduleOverride> all = new ArrayList<>();
        int reads;

        @Override
        public ScheduleOverride add(String scheduleId, String userId, Instant start, Instant end, Instant now,
                                    String by) {
            ScheduleOverride o = new ScheduleOverride(all.size() + 1, scheduleId, userId, start, end, now, by);
            all.add(o);
            return o;
        }

        @Override
        public boolean delete(String scheduleId, long id) {
            return all.removeIf(o -> o.id() == id && o.scheduleId().equals(scheduleId));
        }

        @Override
        public List<ScheduleOverride> overlapping(String scheduleId, Instant from, Instant to) {
            reads++;
            return all.stream().filter(o -> o.scheduleId().equals(scheduleId) && o.end().isAfter(from)
                    && o.start().isBefore(to)).toList();
        }
    }

    static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void pagesInTheSameMomentReadOnce() {
        Counting store = new Counting();
        store.add("primary", "bob", T.minusSeconds(60), T.plusSeconds(30), T, "alice");
        CachedOverrides cached = new CachedOverrides(store);

        for (int i = 0; i < 50; i++) {
            assertThat(cached.overlapping("primary", T.plusMillis(i), T.plusMillis(i + 1)))
                    .extracting(ScheduleOverride::userId).containsExactly("bob");
        }
        assertThat(store.reads).isEqualTo(1);
        // After the override has ended, within the span read, the answer comes from the same read.
        assertThat(cached.overlapping("primary", T.plusSeconds(31), T.plusSeconds(31).plusMillis(1))).isEmpty();
        assertThat(store.reads).isEqualTo(1);
    }

    @Test
    void aChangeOnThisNodeIsSeenAtOnce() {
        Counting store = new Counting();
        CachedOverrides cached = new CachedOverrides(store);
        assertThat(cached.overlapping("primary", T, T.plusMillis(1))).isEmpty();

        ScheduleOverride o = cached.add("primary", "carol", T, T.plusSeconds(3600), T, "alice");
        assertThat(cached.overlapping("primary", T, T.plusMillis(1))).extracting(ScheduleOverride::userId)
                .containsExactly("carol");
        assertThat(cached.delete("primary", o.id())).isTrue();
        assertThat(cached.overlapping("primary", T, T.plusMillis(1))).isEmpty();
        assertThat(store.reads).isEqualTo(3);
    }

    @Test
    void anotherMomentOrALongSpanIsReadFromTheStore() {
        Counting store = new Counting();
        store.add("primary", "bob", T.plusSeconds(7200), T.plusSeconds(9000), T, "alice");
        CachedOverrides cached = new CachedOverrides(store);
        assertThat(cached.overlapping("primary", T, T.plusMillis(1))).isEmpty();

        // Two hours on: outside what was read, so read again (and the override is there).
        assertThat(cached.overlapping("primary", T.plusSeconds(7300), T.plusSeconds(7300).plusMillis(1)))
                .extracting(ScheduleOverride::userId).containsExactly("bob");
        // A calendar's week is never answered from a moment's read.
        assertThat(cached.overlapping("primary", T, T.plusSeconds(7 * 86400))).hasSize(1);
        assertThat(store.reads).isEqualTo(3);
        // Other schedules are read on their own.
        assertThat(cached.overlapping("secondary", T, T.plusMillis(1))).isEmpty();
        assertThat(store.reads).isEqualTo(4);
    }

    @Test
    void aReadIsReusedForOneSecondOnly() {
        Counting store = new Counting();
        java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
        CachedOverrides cached = new CachedOverrides(store, nanos::get);
        cached.overlapping("primary", T, T.plusMillis(1));
        // Another node's override: not seen until the read is older than FRESH.
        store.add("primary", "dave", T, T.plusSeconds(600), T, "other-node");
        assertThat(cached.overlapping("primary", T, T.plusMillis(1))).isEmpty();
        nanos.addAndGet(CachedOverrides.FRESH.toNanos());
        assertThat(cached.overlapping("primary", T, T.plusMillis(1))).isEmpty();
        nanos.addAndGet(1);
        assertThat(cached.overlapping("primary", T, T.plusMillis(1))).extracting(ScheduleOverride::userId)
                .containsExactly("dave");
    }
}
