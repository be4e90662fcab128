package dev.vigil.promql;

import dev.vigil.label.Labels;
import dev.vigil.label.Matcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The embedded engine's series, in memory: per label set an append-only array of timestamps and values, and
 * an inverted index (label=value to series, in creation order) so a selector reads only the series it names.
 * Samples older than the retention are dropped as new ones arrive.
 */
public final class SeriesStore implements Queryable {
    private final Map<Labels, Data> series = new ConcurrentHashMap<>();
    private final List<Data> all = new ArrayList<>();
    private final Map<String, Map<String, List<Data>>> postings = new HashMap<>();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final long retentionMs;

    public SeriesStore(long retentionMs) {
        this.retentionMs = retentionMs;
    }

    /** One series' samples, in time order. */
    private static final class Data {
        final Labels labels;
        long[] ts = new long[8];
        double[] vs = new double[8];
        int size;

        Data(Labels labels) {
            this.labels = labels;
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
        Data d = series.get(labels);
        if (d == null) {
            d = create(labels);
        }
        d.append(t, v);
        if (retentionMs > 0 && d.size > 0 && d.ts[0] < t - retentionMs) {
            d.dropBefore(t - retentionMs);
        }
    }

    private Data create(Labels labels) {
        lock.writeLock().lock();
        try {
            Data d = series.get(labels);
            if (d != null) {
                return d;
            }
            d = new Data(labels);
            series.put(labels, d);
            all.add(d);
            for (Map.Entry<String, String> e : labels.asMap().entrySet()) {
                postings.computeIfAbsent(e.getKey(), k -> new HashMap<>())
                        .computeIfAbsent(e.getValue(), k -> new ArrayList<>()).add(d);
            }
            return d;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Series come in the order they were created, as from Prometheus's head block: sums over them then add
     * in the same order, and so give the same float.
     */
    @Override
    public List<Value.Series> select(List<Matcher> matchers, long mint, long maxt) {
        lock.readLock().lock();
        try {
            List<Data> candidates = all;
            for (Matcher m : matchers) {
                if (m.op() == Matcher.Op.EQ && !m.value().isEmpty()) {
                    List<Data> p = postings.getOrDefault(m.name(), Map.of()).getOrDefault(m.value(), List.of());
                    if (p.size() < candidates.size()) {
                        candidates = p;
                    }
                }
            }
            List<Value.Series> out = new ArrayList<>();
            for (Data d : candidates) {
                if (matchesAll(matchers, d.labels)) {
                    List<Value.Point> points = d.range(mint, maxt);
                    if (!points.isEmpty()) {
                        out.add(new Value.Series(d.labels, points));
                    }
                }
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    private static boolean matchesAll(List<Matcher> matchers, Labels l) {
        for (Matcher m : matchers) {
            if (!m.matches(l)) {
                return false;
            }
        }
        return true;
    }

    public int seriesCount() {
        return series.size();
    }
}
