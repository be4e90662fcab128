package dev.vigil.template;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Prometheus's alert templates: the {@code $labels}, {@code $value}, {@code $externalLabels} and
 * {@code $externalURL} prelude and its functions (humanize*, printf, title, toUpper, reReplaceAll, query, ...).
 */
public final class AlertTemplates {
    private static final String PRELUDE = "{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}"
            + "{{$externalURL := .ExternalURL}}{{$value := .Value}}";
    public static final Set<String> FUNCTIONS = Set.of("query", "first", "label", "value", "strvalue", "args",
            "reReplaceAll", "safeHtml", "match", "title", "toUpper", "toLower", "stripPort", "stripDomain",
            "humanize", "humanize1024", "humanizeDuration", "humanizePercentage", "humanizeTimestamp", "toTime",
            "pathPrefix", "externalURL", "parseDuration", "sortByLabel", "graphLink", "tableLink",
            "and", "or", "not", "len", "index", "print", "printf", "println", "eq", "ne", "lt", "le", "gt", "ge",
            "html", "urlquery", "js");

    private AlertTemplates() {
    }

    /** Parses a label or annotation template, as Prometheus's rule loader does; throws with Go's message. */
    public static void check(String name, String text) {
        Template.parse(name, PRELUDE + text, FUNCTIONS);
    }

    /**
     * Expands {@code text}; an error becomes the text {@code <error expanding template: ...>}, as in Prometheus.
     * {@code query} runs a PromQL query at the evaluation time and returns its samples.
     */
    public static String expand(String name, String text, Map<String, String> labels, double value,
                                Map<String, String> externalLabels, String externalUrl,
                                Function<String, List<Map<String, Object>>> query) {
        try {
            Map<String, Object> dot = new HashMap<>();
            dot.put("Labels", new TreeMap<>(labels));
            dot.put("ExternalLabels", new TreeMap<>(externalLabels));
            dot.put("ExternalURL", externalUrl);
            dot.put("Value", value);
            return Template.parse(name, PRELUDE + text, FUNCTIONS).execute(dot, Map.of(), functions(query, externalUrl));
        } catch (RuntimeException e) {
            // A template that fails (bad input, a query that errs) shows why instead of dropping the alert.
            return "<error expanding template: " + e.getMessage() + ">";
        }
    }

    /** One query sample as templates see it: {@code .Labels} and {@code .Value}. */
    public static Map<String, Object> sample(Map<String, String> labels, double value) {
        Map<String, Object> m = new HashMap<>();
        m.put("Labels", new TreeMap<>(labels));
        m.put("Value", value);
        return m;
    }

    static Map<String, Template.Function> functions(Function<String, List<Map<String, Object>>> query, String externalUrl) {
        Map<String, Template.Function> f = new HashMap<>();
        f.put("query", a -> query.apply(str(a, 0)));
        f.put("first", a -> {
            List<?> l = (List<?>) a.get(0);
            if (l.isEmpty()) {
                throw new TemplateException("first() called on vector with no elements");
            }
            return l.get(0);
        });
        f.put("label", a -> labelOf(a.get(1), str(a, 0)));
        f.put("value", a -> ((Map<?, ?>) a.get(0)).get("Value"));
        f.put("strvalue", a -> labelOf(a.get(0), "__value__"));
        f.put("args", a -> {
            Map<String, Object> m = new HashMap<>();
            for (int i = 0; i < a.size(); i++) {
                m.put("arg" + i, a.get(i));
            }
            return m;
        });
        f.put("reReplaceAll", a -> dev.vigil.label.GoRegex.compile(str(a, 0)).replaceAll(str(a, 2), str(a, 1)));
        f.put("safeHtml", a -> str(a, 0));
        f.put("match", a -> dev.vigil.label.GoRegex.compile(str(a, 0)).find(str(a, 1)));
        f.put("title", a -> title(str(a, 0)));
        f.put("toUpper", a -> str(a, 0).toUpperCase(Locale.ROOT));
        f.put("toLower", a -> str(a, 0).toLowerCase(Locale.ROOT));
        f.put("stripPort", a -> {
            String s = str(a, 0);
            int c = s.lastIndexOf(':');
            return c < 0 || s.endsWith("]") ? s.replaceAll("^\\[|\\]$", "") : s.substring(0, c).replaceAll("^\\[|\\]$", "");
        });
        f.put("stripDomain", a -> {
            String s = str(a, 0);
            int dot = s.indexOf('.');
            int colon = s.lastIndexOf(':');
            return dot < 0 ? s : s.substring(0, dot) + (colon > dot ? s.substring(colon) : "");
        });
        f.put("humanize", a -> Humanize.si(number(a, 0)));
        f.put("humanize1024", a -> Humanize.iec(number(a, 0)));
        f.put("humanizeDuration", a -> Humanize.duration(number(a, 0)));
        f.put("humanizePercentage", a -> GoFormat.g(number(a, 0) * 100, 4) + "%");
        f.put("humanizeTimestamp", a -> {
            double v = number(a, 0);
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                return GoFormat.g(v, 4);
            }
            return goTime(Instant.ofEpochSecond(0, (long) (v * 1e9)));
        });
        f.put("toTime", a -> goTime(Instant.ofEpochSecond(0, (long) (number(a, 0) * 1e9))));
        f.put("pathPrefix", a -> {
            String path = java.net.URI.create(externalUrl.isEmpty() ? "/" : externalUrl).getPath();
            return path == null ? "" : path;
        });
        f.put("externalURL", a -> externalUrl);
        f.put("parseDuration", a -> dev.vigil.time.PromDuration.parse(str(a, 0)).toMillis() / 1000.0);
        f.put("sortByLabel", a -> {
            List<Map<String, Object>> l = new ArrayList<>();
            for (Object o : (List<?>) a.get(1)) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) o;
                l.add(m);
            }
            String label = str(a, 0);
            l.sort(Comparator.comparing(m -> labelOf(m, label)));
            return l;
        });
        f.put("graphLink", a -> externalUrl + "/graph?g0.expr=" + URLEncoder.encode(str(a, 0), StandardCharsets.UTF_8) + "&g0.tab=0");
        f.put("tableLink", a -> externalUrl + "/graph?g0.expr=" + URLEncoder.encode(str(a, 0), StandardCharsets.UTF_8) + "&g0.tab=1");
        GoBuiltins.register(f);
        return f;
    }

    private static String labelOf(Object sample, String name) {
        if (!(sample instanceof Map<?, ?> m) || !(m.get("Labels") instanceof Map<?, ?> labels)) {
            throw new TemplateException("expected a query sample, got " + GoFormat.typeName(sample));
        }
        Object v = labels.get(name);
        return v == null ? "" : v.toString();
    }

    /** Go's Time.String(): "2006-01-02 15:04:05.999999999 +0000 UTC". */
    private static String goTime(Instant t) {
        String base = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC).format(t);
        String nanos = t.getNano() == 0 ? "" : ("." + String.format("%09d", t.getNano())).replaceAll("0+$", "");
        return base + nanos + " +0000 UTC";
    }


    private static String title(String s) {
        StringBuilder sb = new StringBuilder();
        boolean start = true;
        for (char c : s.toCharArray()) {
            sb.append(start && Character.isLetter(c) ? Character.toTitleCase(c) : c);
            start = !(Character.isLetterOrDigit(c) || c == '_' || c == '\'');
        }
        return sb.toString();
    }

    static String str(List<Object> a, int i) {
        if (i >= a.size()) {
            throw new TemplateException("wrong number of args: want at least " + (i + 1) + " got " + a.size());
        }
        Object o = a.get(i);
        return o instanceof String s ? s : Values.print(o);
    }

    static double number(List<Object> a, int i) {
        if (i >= a.size()) {
            throw new TemplateException("wrong number of args: want at least " + (i + 1) + " got " + a.size());
        }
        Object o = a.get(i);
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        if (o instanceof String s) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new TemplateException("strconv.ParseFloat: parsing \"" + s + "\": invalid syntax");
            }
        }
        throw new TemplateException("can't convert " + GoFormat.typeName(o) + " to float");
    }
}
