package dev.vigil.promql;

import dev.vigil.label.Labels;
import dev.vigil.label.Matcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The embedded engine's series, in memory: per label set compressed chunks (Prometheus's XOR encoding; 120 samples
 * once merged, see {@link Data}) and a raw head, and an inverted index (label=value to series, in creation order) so a selector reads only the series it names.
 * Samples older than the retention are dropped as new ones arrive, and by {@link #sweep} with the series they leave empty.
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

    /**
     * One series' samples, in time order: sealed compressed chunks, then a small raw head. The head is sealed into a
     * chunk every {@link #HEAD} samples, and each {@link #MERGE} such chunks into one of 120, Prometheus's chunk
     * size: the raw part, 16 bytes a sample, stays short (7.5 min at 15 s, what a {@code [5m]} window mostly reads)
     * while old samples take the XOR encoding's one to three bytes.
     */
    private static final class Data {
        static final int HEAD = 30;
        static final int MERGE = 4;
        private static final long[] NO_T = new long[0];
        private static final double[] NO_V = new double[0];
        final Labels labels;
        final List<XorChunk> chunks = new ArrayList<>(2);
        /** How many of the last chunks hold {@link #HEAD} samples and wait to be merged. */
        int unmerged;
        long[] ts = NO_T;
        double[] vs = NO_V;
        int size;
        /** Taken out of the store (no samples left within the retention): appends go to a new Data. */
        boolean removed;

        Data(Labels labels) {
            this.labels = labels;
        }

        synchronized long lastT() {
            return size > 0 ? ts[size - 1] : chunks.isEmpty() ? Long.MIN_VALUE : chunks.get(chunks.size() - 1).maxT;
        }

        /** False when this series was removed from the store and the sample must go to its successor. */
        synchronized boolean append(long t, double v) {
            if (removed) {
                return false;
            }
            long last = lastT();
            if (t < last) {
                return true;
            }
            if (t == last) {
                replaceLast(v);
                return true;
            }
            if (size == ts.length) {
                ts = Arrays.copyOf(ts, Math.min(HEAD, Math.max(4, size * 2)));
                vs = Arrays.copyOf(vs, Math.min(HEAD, Math.max(4, size * 2)));
            }
            ts[size] = t;
            vs[size] = v;
            size++;
            if (size == HEAD) {
                chunks.add(XorChunk.encode(ts, vs, size));
                ts = NO_T;
                vs = NO_V;
                size = 0;
                if (++unmerged > MERGE) {
                    merge();
                }
            }
            return true;
        }

        /**
         * The oldest {@link #MERGE} of the chunks waiting, re-encoded as one. The newest stays apart, so a short
         * window at the head (a {@code [5m]} at 15 s) decodes at most one chunk of {@link #HEAD}, never one of 120.
         */
        private void merge() {
            int n = HEAD * MERGE;
            long[] t = new long[n];
            double[] x = new double[n];
            long[] ct = new long[HEAD];
            double[] cx = new double[HEAD];
            int from = chunks.size() - unmerged;
            for (int k = 0; k < MERGE; k++) {
                chunks.get(from + k).decode(ct, cx);
                System.arraycopy(ct, 0, t, k * HEAD, HEAD);
                System.arraycopy(cx, 0, x, k * HEAD, HEAD);
            }
            chunks.subList(from, from + MERGE).clear();
            chunks.add(from, XorChunk.encode(t, x, n));
            unmerged -= MERGE;
        }

        /** A sample at the same time as the last one replaces it, even once sealed (rare: a frozen clock). */
        private void replaceLast(double v) {
            if (size > 0) {
                vs[size - 1] = v;
                return;
            }
            XorChunk c = chunks.remove(chunks.size() - 1);
            long[] t = new long[c.count];
            double[] x = new double[c.count];
            c.decode(t, x);
            x[c.count - 1] = v;
            chunks.add(XorChunk.encode(t, x, c.count));
        }

        synchronized void dropBefore(long mint) {
            chunks.removeIf(c -> c.maxT < mint);
            unmerged = Math.min(unmerged, chunks.size());
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

        /** Drops what is older than {@code mint}; when nothing is left, marks this series removed and says so. */
        synchronized boolean removeIfOlder(long mint) {
            dropBefore(mint);
            removed = chunks.isEmpty() && size == 0;
            return removed;
        }

        synchronized long firstT() {
            return !chunks.isEmpty() ? chunks.get(0).minT : size > 0 ? ts[0] : Long.MAX_VALUE;
        }

        /** The latest point in {@code [mint, maxt]}, or null: from the open head when it has one, else one chunk. */
        synchronized Value.Point latest(long mint, long maxt) {
            int at = Arrays.binarySearch(ts, 0, size, maxt);
            at = at >= 0 ? at : -at - 2; // the last index at or before maxt
            if (at >= 0) {
                return ts[at] >= mint ? new Value.Point(ts[at], vs[at]) : null;
            }
            for (int c = chunks.size() - 1; c >= 0; c--) {
                XorChunk chunk = chunks.get(c);
                if (chunk.minT > maxt) {
                    continue;
                }
                if (chunk.maxT < mint) {
                    return null;
                }
                long[] t = new long[chunk.count];
                double[] x = new double[chunk.count];
                chunk.decode(t, x);
                int k = Arrays.binarySearch(t, maxt);
                k = k >= 0 ? k : -k - 2;
                return k >= 0 && t[k] >= mint ? new Value.Point(t[k], x[k]) : null;
            }
            return null;
        }

        synchronized List<Value.Point> range(long mint, long maxt) {
            List<Value.Point> out = new ArrayList<>();
            for (XorChunk c : chunks) {
                if (c.maxT < mint || c.minT > maxt) {
                    continue;
                }
                long[] t = new long[c.count];
                double[] x = new double[c.count];
                c.decode(t, x);
                for (int k = 0; k < c.count; k++) {
                    if (t[k] >= mint && t[k] <= maxt) {
                        out.add(new Value.Point(t[k], x[k]));
                    }
                }
            }
            int lo = Arrays.binarySearch(ts, 0, size, mint);
            lo = lo < 0 ? -lo - 1 : lo;
            for (int k = lo; k < size && ts[k] <= maxt; k++) {
                out.add(new Value.Point(ts[k], vs[k]));
            }
            return out;
        }
    }

    /** Appends a sample; a sample at or before the series' last one is ignored (a same-time one replaces it). */
    public void append(Labels labels, long t, double v) {
        Data d = series.get(labels);
        while (d == null || !d.append(t, v)) {
            d = create(labels); // new, or its series was swept out between the lookup and the append
        }
        if (retentionMs > 0 && d.firstT() < t - retentionMs) {
            d.dropBefore(t - retentionMs);
        }
    }

    /**
     * The labels the store holds for this label set, its series made (without samples) when new: what a scrape
     * keeps from one scrape to the next, so that it and the store share one copy, its strings pooled.
     */
    public Labels canonical(Labels labels) {
        Data d = series.get(labels);
        return (d != null ? d : create(labels)).labels;
    }

    private Data create(Labels labels) {
        lock.writeLock().lock();
        try {
            Data d = series.get(labels);
            if (d != null) {
                return d;
            }
            d = new Data(labels.interned());
            series.put(d.labels, d);
            all.add(d);
            for (Map.Entry<String, String> e : d.labels.asMap().entrySet()) {
                postings.computeIfAbsent(e.getKey(), k -> new HashMap<>())
                        .computeIfAbsent(e.getValue(), k -> new ArrayList<>()).add(d);
            }
            return d;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Drops the samples older than the retention from every series, and the series left with none (a pod that
     * went away, a target no longer scraped), as Prometheus's head garbage collection does: without it a store
     * whose series churn would grow for ever. Returns how many series were removed. Nothing when the store keeps
     * everything (a retention of 0).
     */
    public int sweep(long nowMs) {
        if (retentionMs <= 0) {
            return 0;
        }
        long mint = nowMs - retentionMs;
        lock.writeLock().lock();
        try {
            Set<Data> gone = new HashSet<>(); // Data's equality is identity
            for (Data d : all) {
                if (d.removeIfOlder(mint)) {
                    gone.add(d);
                }
            }
            if (gone.isEmpty()) {
                return 0;
            }
            all.removeIf(gone::contains);
            // Each posting list a removed series was on, once (a list is never equal to another by identity),
            // with the label it is for: cleaned of the removed series in one pass, dropped when left empty.
            Map<List<Data>, Map.Entry<String, String>> lists = new IdentityHashMap<>();
            for (Data d : gone) {
                series.remove(d.labels, d);
                for (Map.Entry<String, String> e : d.labels.asMap().entrySet()) {
                    lists.putIfAbsent(postings.get(e.getKey()).get(e.getValue()), e);
                }
            }
            lists.forEach((list, label) -> {
                list.removeIf(gone::contains);
                if (list.isEmpty()) {
                    Map<String, List<Data>> byValue = postings.get(label.getKey());
                    byValue.remove(label.getValue());
                    if (byValue.isEmpty()) {
                        postings.remove(label.getKey());
                    }
                }
            });
            return gone.size();
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
        return read(matchers, d -> d.range(mint, maxt));
    }

    @Override
    public List<Value.Series> latest(List<Matcher> matchers, long mint, long maxt) {
        return read(matchers, d -> {
            Value.Point p = d.latest(mint, maxt);
            return p == null ? List.of() : List.of(p);
        });
    }

    /** Each matching series with the points {@code points} reads from it, when there are any. */
    private List<Value.Series> read(List<Matcher> matchers, java.util.function.Function<Data, List<Value.Point>> points) {
        lock.readLock().lock();
        try {
            List<Value.Series> out = new ArrayList<>();
            for (Data d : candidates(matchers)) {
                if (matchesAll(matchers, d.labels)) {
                    List<Value.Point> p = points.apply(d);
                    if (!p.isEmpty()) {
                        out.add(new Value.Series(d.labels, p));
                    }
                }
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The shortest posting list of the equality matchers, or every series (under the read lock). */
    private List<Data> candidates(List<Matcher> matchers) {
        List<Data> candidates = all;
        for (Matcher m : matchers) {
            if (m.op() == Matcher.Op.EQ && !m.value().isEmpty()) {
                List<Data> p = postings.getOrDefault(m.name(), Map.of()).getOrDefault(m.value(), List.of());
                if (p.size() < candidates.size()) {
                    candidates = p;
                }
            }
        }
        return candidates;
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
