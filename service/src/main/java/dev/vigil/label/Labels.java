package dev.vigil.label;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/** An immutable, name-sorted label set: the identity of an alert or a series. */
public final class Labels {
    private static final Labels EMPTY = new Labels(new TreeMap<>());
    private final SortedMap<String, String> map;

    private Labels(SortedMap<String, String> map) {
        this.map = Collections.unmodifiableSortedMap(map);
    }

    public static Labels empty() {
        return EMPTY;
    }

    /** Labels from a map; empty values are dropped, as Prometheus treats them as absent. */
    public static Labels of(Map<String, String> values) {
        TreeMap<String, String> copy = new TreeMap<>();
        values.forEach((k, v) -> {
            Objects.requireNonNull(k, "label name");
            if (v != null && !v.isEmpty()) {
                copy.put(k, v);
            }
        });
        return new Labels(copy);
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

    public String get(String name) {
        return map.getOrDefault(name, "");
    }

    public boolean has(String name) {
        return map.containsKey(name);
    }

    public Map<String, String> asMap() {
        return map;
    }

    /** A copy with {@code other}'s labels added, replacing any of the same name. */
    public Labels with(Labels other) {
        TreeMap<String, String> m = new TreeMap<>(map);
        m.putAll(other.map);
        return new Labels(m);
    }

    public Labels with(String name, String value) {
        TreeMap<String, String> m = new TreeMap<>(map);
        if (value == null || value.isEmpty()) {
            m.remove(name);
        } else {
            m.put(name, value);
        }
        return new Labels(m);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Labels other && map.equals(other.map);
    }

    @Override
    public int hashCode() {
        return map.hashCode();
    }

    /** Prometheus notation: {@code {a="1", b="2"}}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        map.forEach((k, v) -> {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(k).append("=\"").append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        });
        return sb.append('}').toString();
    }
}
