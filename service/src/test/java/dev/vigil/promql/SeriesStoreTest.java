package dev.vigil.promql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.label.Labels;
import dev.vigil.label.Matcher;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What an instant selector reads ({@code latest}) is the last point {@code select} gives for the same window,
 * whether it lies in the open head or in a sealed chunk, stale markers included.
 */
class SeriesStoreTest {
    private static final List<Matcher> UP = List.of(Matcher.of("__name__", Matcher.Op.EQ, "up"));

    @Test
    void latestIsTheLastPointOfTheSameWindowInTheHeadAndInSealedChunks() {
        SeriesStore store = new SeriesStore(0);
        Random r = new Random(42);
        long t = 0;
        // 300 samples: two sealed chunks of 120 and 60 in the head, with gaps and stale markers.
        for (int i = 0; i < 300; i++) {
            t += r.nextInt(4) == 0 ? 61_000 : 15_000;
            store.append(Labels.of("__name__", "up", "job", "a"), t, i % 37 == 0 ? Staleness.STALE_NAN : i);
        }
        store.append(Labels.of("__name__", "up", "job", "b"), 100_000, 1); // one point, early
        for (long maxt = -10_000; maxt <= t + 400_000; maxt += 7_001) {
            for (long window : new long[] {1, 15_000, 300_000}) {
                List<Value.Series> all = store.select(UP, maxt - window, maxt);
                List<Value.Series> latest = store.latest(UP, maxt - window, maxt);
                assertThat(latest).hasSameSizeAs(all);
                for (int k = 0; k < all.size(); k++) {
                    List<Value.Point> points = all.get(k).points();
                    assertThat(latest.get(k).labels()).isEqualTo(all.get(k).labels());
                    Value.Point expected = points.get(points.size() - 1);
                    Value.Point got = latest.get(k).points().get(0);
                    assertThat(got.t()).as("maxt %d window %d", maxt, window).isEqualTo(expected.t());
                    assertThat(Double.doubleToRawLongBits(got.value())).isEqualTo(
                            Double.doubleToRawLongBits(expected.value()));
                }
            }
        }
    }

    @Test
    void everySampleReadsBackBitForBitAcrossTheHeadSmallChunksAndMergedOnes() {
        SeriesStore store = new SeriesStore(0);
        Random r = new Random(7);
        List<long[]> appended = new java.util.ArrayList<>();
        long t = 1_000;
        // 1,000 samples: merged chunks of 120, chunks of 30 waiting to be merged, and a raw head; a same-time
        // sample now and then replaces the last one wherever it lies (head or sealed chunk).
        for (int i = 0; i < 1_000; i++) {
            boolean same = i > 0 && r.nextInt(10) == 0;
            t += same ? 0 : 1 + r.nextInt(30_000);
            double v = i % 41 == 0 ? Staleness.STALE_NAN : r.nextInt(3) == 0 ? i : r.nextGaussian() * 1e6;
            store.append(Labels.of("__name__", "up", "job", "a"), t, v);
            if (same) {
                appended.remove(appended.size() - 1);
            }
            appended.add(new long[] {t, Double.doubleToRawLongBits(v)});
            if (i % 97 == 0 || i == 999) {
                List<Value.Point> got = store.select(UP, Long.MIN_VALUE, Long.MAX_VALUE).get(0).points();
                assertThat(got).hasSameSizeAs(appended);
                for (int k = 0; k < got.size(); k++) {
                    assertThat(got.get(k).t()).as("sample %d after %d appends", k, i).isEqualTo(appended.get(k)[0]);
                    assertThat(Double.doubleToRawLongBits(got.get(k).value())).isEqualTo(appended.get(k)[1]);
                }
            }
        }
        long mid = appended.get(500)[0];
        List<Value.Point> window = store.select(UP, mid, mid + 300_000).get(0).points();
        assertThat(window.get(0).t()).isEqualTo(mid);
        assertThat(window).allMatch(p -> p.t() >= mid && p.t() <= mid + 300_000);
    }

    @Test
    void aSweepRemovesSeriesWithNothingLeftInTheRetentionAndALaterSampleMakesThemAgain() {
        SeriesStore store = new SeriesStore(3_600_000);
        Labels gone = Labels.of("__name__", "up", "job", "gone", "pod", "p-1");
        Labels kept = Labels.of("__name__", "up", "job", "kept");
        for (long t = 0; t <= 600_000; t += 15_000) {
            store.append(gone, t, 1);
        }
        for (long t = 0; t <= 4_000_000; t += 15_000) {
            store.append(kept, t, 2);
        }
        assertThat(store.sweep(4_000_000)).as("the last sample of pod p-1 is 57 min too old only at 4,200,000").isZero();
        assertThat(store.select(UP, 0, 4_000_000)).hasSize(2);

        assertThat(store.sweep(4_200_001)).isEqualTo(1);
        assertThat(store.seriesCount()).isEqualTo(1);
        assertThat(store.select(UP, 0, 4_200_001)).extracting(Value.Series::labels).containsExactly(kept);
        assertThat(store.select(List.of(Matcher.of("pod", Matcher.Op.EQ, "p-1")), 0, 5_000_000)).isEmpty();
        assertThat(store.select(List.of(Matcher.of("job", Matcher.Op.EQ, "kept")), 0, 5_000_000)).hasSize(1);

        store.append(gone, 4_300_000, 3);
        assertThat(store.latest(List.of(Matcher.of("pod", Matcher.Op.EQ, "p-1")), 4_000_000, 4_300_000))
                .singleElement().satisfies(s -> assertThat(s.points().get(0).value()).isEqualTo(3));
    }

    @Test
    void seriesShareTheStringsOfTheirLabelsAndAScrapeGetsTheStoresOwnLabels() {
        SeriesStore store = new SeriesStore(0);
        Labels a = store.canonical(Labels.of("__name__", new String("up"), "job", new String("api")));
        Labels b = store.canonical(Labels.of("__name__", new String("up"), "job", new String("web")));
        assertThat(a.get("__name__")).isSameAs(b.get("__name__"));
        assertThat(store.canonical(Labels.of("__name__", "up", "job", "api"))).isSameAs(a);
        store.append(Labels.of("__name__", "up", "job", "api"), 1, 1);
        assertThat(store.select(UP, 0, 1)).singleElement().satisfies(s -> assertThat(s.labels()).isSameAs(a));
        assertThat(store.select(UP, 0, 1)).as("a series made without samples is not read").hasSize(1);
    }
}
