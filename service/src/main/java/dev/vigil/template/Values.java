package dev.vigil.template;

import java.util.Collection;
import java.util.Map;

/** How template values print and whether they are true, as in Go's text/template. */
final class Values {
    private Values() {
    }

    static String print(Object v) {
        if (v == null) {
            return "<no value>";
        }
        if (v instanceof Double d) {
            return GoFormat.value(d);
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("map[");
            new java.util.TreeMap<>(m).forEach((k, x) -> sb.append(sb.length() > 4 ? " " : "").append(k).append(':').append(print(x)));
            return sb.append(']').toString();
        }
        return String.valueOf(v);
    }

    static boolean truth(Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        return true;
    }
}
