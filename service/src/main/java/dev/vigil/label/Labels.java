package dev.vigil.label;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * An immutable, name-sorted label set: the identity of an alert or a series. Stored as one array of
 * alternating names and values (a series store holds hundreds of thousands), with its hash cached.
 */
public final class Labels {
    private static final Labels EMPTY = new Labels(new String[0]);
    private final String[] kv;
    private int hash;

    private Labels(String[] kv) {
        this.kv = kv;
    }

    public static Labels empty() {
        return EMPTY;
    }

    /** Labels from a map; empty values are dropped, as Prometheus treats them as absent. */
    public static Labels of(Map<String, String> values) {
        TreeMap<String, String> sorted = new TreeMap<>();
        values.forEach((k, v) -> {
            Objects.requireNonNull(k, "label name");
            if (v != null && !v.isEmpty()) {
                sorted.put(k, v);
            }
        });
        if (sorted.isEmpty()) {
            return EMPTY;
        }
        String[] kv = new String[sorted.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            kv[i++] = e.getKey();
            kv[i++] = e.getValue();
        }
        return new Labels(kv);
    }

    public static Labels of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("namesAndValues: odd length " + namesAndValues.length);
        }
        TreeMap<String, String> m = new TreeMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return of(m);
    }

    private int index(String name) {
        int lo = 0;
        int hi = kv.length / 2 - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = kv[2 * mid].compareTo(name);
            if (c == 0) {
                return mid;
            }
            if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return -1;
    }

    /**
     * The same labels with each name and value taken from the JVM's string pool, so the series that share a value
     * share one String: a series store holds hundreds of thousands of label sets, mostly of a few names and values.
     */
    public Labels interned() {
        String[] out = new String[kv.length];
        for (int i = 0; i < kv.length; i++) {
            out[i] = kv[i].intern();
        }
        Labels l = new Labels(out);
        l.hash = hash;
        return l;
    }

    public String get(String name) {
        int i = index(name);
        return i < 0 ? "" : kv[2 * i + 1];
    }

    public boolean has(String name) {
        return index(name) >= 0;
    }

    public int size() {
        return kv.length / 2;
    }

    /** A read-only, name-ordered map view. */
    public Map<String, String> asMap() {
        return new AbstractMap<>() {
            @Override
            public Set<Entry<String, String>> entrySet() {
                return new AbstractSet<>() {
                    @Override
                    public Iterator<Entry<String, String>> iterator() {
                        return new Iterator<>() {
                            private int i;

                            @Override
                            public boolean hasNext() {
                                return i < kv.length;
                            }

                            @Override
                            public Entry<String, String> next() {
                                if (i >= kv.length) {
                                    throw new NoSuchElementException();
                                }
                                Entry<String, String> e = new SimpleImmutableEntry<>(kv[i], kv[i + 1]);
                                i += 2;
                                return e;
                            }
                        };
                    }

                    @Override
                    public int size() {
                        return kv.length / 2;
                    }
                };
            }

            @Override
            public String get(Object key) {
                return key instanceof String s && has(s) ? Labels.this.get(s) : null;
            }

            @Override
            public boolean containsKey(Object key) {
                return key instanceof String s && has(s);
            }
        };
    }

    /** A copy with {@code other}'s labels added, replacing any of the same name. */
    public Labels with(Labels other) {
        if (other.kv.length == 0) {
            return this;
        }
        TreeMap<String, String> m = new TreeMap<>(asMap());
        m.putAll(other.asMap());
        return of(m);
    }

    public Labels with(String name, String value) {
        boolean remove = value == null || value.isEmpty();
        int i = index(name);
        if (i >= 0 && !remove && kv[2 * i + 1].equals(value)) {
            return this;
        }
        if (i < 0 && remove) {
            return this;
        }
        if (i >= 0) {
            if (remove) {
                String[] out = new String[kv.length - 2];
                System.arraycopy(kv, 0, out, 0, 2 * i);
                System.arraycopy(kv, 2 * i + 2, out, 2 * i, kv.length - 2 * i - 2);
                return out.length == 0 ? EMPTY : new Labels(out);
            }
            String[] out = kv.clone();
            out[2 * i + 1] = value;
            return new Labels(out);
        }
        int at = 0;
        while (at < kv.length / 2 && kv[2 * at].compareTo(name) < 0) {
            at++;
        }
        String[] out = new String[kv.length + 2];
        System.arraycopy(kv, 0, out, 0, 2 * at);
        out[2 * at] = name;
        out[2 * at + 1] = value;
        System.arraycopy(kv, 2 * at, out, 2 * at + 2, kv.length - 2 * at);
        return new Labels(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Labels other && (other == this || (hashCode() == other.hashCode() && Arrays.equals(kv, other.kv)));
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(kv);
            hash = h;
        }
        return h;
    }

    /** Prometheus notation: {@code {a="1", b="2"}}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < kv.length; i += 2) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(kv[i]).append('=').append(GoQuote.quote(kv[i + 1]));
        }
        return sb.append('}').toString();
    }
}
