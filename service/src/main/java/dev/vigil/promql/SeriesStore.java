package dev.vigil.promql;

import dev.vigil.label.Labels;
import dev.vigil.label.Matcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded engine's series: an append-only array of timestamps and values per label set, in memory.
 * Samples older than the retention are dropped as new ones arrive.
 */
public final class SeriesStore implements Queryable {
    private final Map<Labels, Data> series = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong created = new java.util.concurrent.atomic.AtomicLong();
    private final long retentionMs;

    public SeriesStore(long retentionMs) {
        this.retentionMs = retentionMs;
    }

    /** One series' samples, in time order, and when it was created (its place in query results). */
    private static final class Data {
        final long seq;
        long[] ts = new long[8];
        double[] vs = new double[8];
        int size;

        Data(long seq) {
            this.seq = seq;
        }

        synchronized void append(long t, double v) {
            if (size > 0 && t <= ts[size - 1]) {
                if (t == ts[size - 1]) {
                    vs[size - 1] = v;
                }
                return;
            }
            if (size == ts.length) {
                ts = Arrays.copyOf(ts, size * 2);
                vs = Arrays.copyOf(vs, size * 2);
            }
            ts[size] = t;
            vs[size] = v;
            size++;
        }

        synchronized void dropBefore(long mint) {
            int k = 0;
            while (k < size && ts[k] < mint) {
                k++;
            }
            if (k > 0) {
                System.arraycopy(ts, k, ts, 0, size - k);
                System.arraycopy(vs, k, vs, 0, size - k);
                size -= k;
            }
        }

        synchronized List<Value.Point> range(long mint, long maxt) {
            int lo = Arrays.binarySearch(ts, 0, size, mint);
            lo = lo < 0 ? -lo - 1 : lo;
            List<Value.Point> out = new ArrayList<>();
            for (int k = lo; k < size && ts[k] <= maxt; k++) {
                out.add(new Value.Point(ts[k], vs[k]));
            }
            return out;
        }
    }

    /** Appends a sample; a sample at or before the series' last one is ignored (a same-time one replaces it). */
    public void append(Labels labels, long t, double v) {
        Data d = series.computeIfAbsent(labels, l -> new Data(created.incrementAndGet()));
        d.append(t, v);
        if (retentionMs > 0 && d.ts[0] < t - retentionMs) {
            d.dropBefore(t - retentionMs);
        }
    }

    /**
     * Series come in the order they were created, as from Prometheus's head block: sums over them then add
     * in the same order, and so give the same float.
     */
    @Override
    public List<Value.Series> select(List<Matcher> matchers, long mint, long maxt) {
        List<Map.Entry<Labels, Data>> entries = new ArrayList<>(series.entrySet());
        entries.sort(java.util.Comparator.comparingLong(e -> e.getValue().seq));
        List<Value.Series> out = new ArrayList<>();
        for (Map.Entry<Labels, Data> e : entries) {
            Labels l = e.getKey();
            if (matchers.stream().allMatch(m -> m.matches(l))) {
                List<Value.Point> points = e.getValue().range(mint, maxt);
                if (!points.isEmpty()) {
                    out.add(new Value.Series(l, points));
                }
            }
        }
        return out;
    }


    public int seriesCount() {
        return series.size();
    }
}
