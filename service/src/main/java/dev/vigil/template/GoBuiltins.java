package dev.vigil.template;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** text/template's builtin functions (and/or are evaluated lazily by the interpreter). */
final class GoBuiltins {
    private GoBuiltins() {
    }

    static void register(Map<String, Template.Function> f) {
        f.put("not", a -> !Values.truth(one(a, "not")));
        f.put("len", a -> {
            Object o = one(a, "len");
            if (o instanceof String s) {
                return (long) s.getBytes(StandardCharsets.UTF_8).length;
            }
            if (o instanceof List<?> l) {
                return (long) l.size();
            }
            if (o instanceof Map<?, ?> m) {
                return (long) m.size();
            }
            throw new TemplateException("len of type " + GoFormat.typeName(o));
        });
        f.put("index", a -> {
            Object cur = a.get(0);
            for (Object k : a.subList(1, a.size())) {
                if (cur instanceof Map<?, ?> m) {
                    cur = m.containsKey(k) ? m.get(k) : m.values().stream().allMatch(x -> x instanceof String) ? "" : null;
                } else if (cur instanceof List<?> l && k instanceof Number n) {
                    if (n.intValue() < 0 || n.intValue() >= l.size()) {
                        throw new TemplateException("error calling index: index out of range: " + n);
                    }
                    cur = l.get(n.intValue());
                } else {
                    throw new TemplateException("error calling index: cannot index " + GoFormat.typeName(cur));
                }
            }
            return cur;
        });
        f.put("print", a -> {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < a.size(); i++) {
                // Go's Sprint adds spaces between operands when neither is a string.
                if (i > 0 && !(a.get(i) instanceof String) && !(a.get(i - 1) instanceof String)) {
                    sb.append(' ');
                }
                sb.append(Values.print(a.get(i)));
            }
            return sb.toString();
        });
        f.put("println", a -> {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < a.size(); i++) {
                sb.append(i > 0 ? " " : "").append(Values.print(a.get(i)));
            }
            return sb.append('\n').toString();
        });
        f.put("printf", a -> GoFormat.sprintf(AlertTemplates.str(a, 0), a.subList(1, a.size())));
        f.put("eq", a -> {
            for (Object o : a.subList(1, a.size())) {
                if (equal(a.get(0), o)) {
                    return true;
                }
            }
            return false;
        });
        f.put("ne", a -> !equal(a.get(0), a.get(1)));
        f.put("lt", a -> compare(a) < 0);
        f.put("le", a -> compare(a) <= 0);
        f.put("gt", a -> compare(a) > 0);
        f.put("ge", a -> compare(a) >= 0);
        f.put("html", a -> Values.print(one(a, "html")).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&#34;").replace("'", "&#39;"));
        f.put("urlquery", a -> URLEncoder.encode(Values.print(one(a, "urlquery")), StandardCharsets.UTF_8));
        f.put("js", a -> Values.print(one(a, "js")).replace("\\", "\\\\").replace("'", "\\'").replace("\"", "\\\""));
    }

    private static Object one(List<Object> a, String name) {
        if (a.size() != 1) {
            throw new TemplateException("wrong number of args for " + name + ": want 1 got " + a.size());
        }
        return a.get(0);
    }

    private static boolean equal(Object x, Object y) {
        if (x instanceof Number a && y instanceof Number b) {
            return a.doubleValue() == b.doubleValue();
        }
        return Objects.equals(x, y);
    }

    private static int compare(List<Object> a) {
        if (a.size() != 2) {
            throw new TemplateException("wrong number of args: want 2 got " + a.size());
        }
        Object x = a.get(0);
        Object y = a.get(1);
        if (x instanceof Number n && y instanceof Number m) {
            return Double.compare(n.doubleValue(), m.doubleValue());
        }
        if (x instanceof String s && y instanceof String t) {
            return s.compareTo(t);
        }
        throw new TemplateException("incompatible types for comparison");
    }
}
