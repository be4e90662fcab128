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
}
