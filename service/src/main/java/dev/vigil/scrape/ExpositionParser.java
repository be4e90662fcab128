package dev.vigil.scrape;

import dev.vigil.label.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Reads Prometheus's text exposition format (0.0.4): one sample a line, {@code name{labels} value [timestamp]};
 * comments and HELP/TYPE lines are skipped (counters, gauges, histograms and summaries are all plain series
 * in this format). A bad line is an error naming its line number.
 */
public final class ExpositionParser {
    /** One exposed sample; the timestamp (ms) when the target gave one. */
    public record Sample(Labels labels, double value, OptionalLong timestampMs) {
    }

    /**
     * One sample line as the target wrote it: its series (the name and labels, unparsed: the key of a scrape's
     * cache, as in Prometheus), its value, its timestamp (ms) when it has one, and its line number.
     */
    public record Line(String series, double value, long timestampMs, boolean hasTimestamp, int number) {
        /** The series' labels, {@code __name__} included; a bad label section is an error naming the line. */
        public Labels labels() {
            try {
                return labelsOf(series);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("line " + number + ": " + e.getMessage() + ": " + series);
            }
        }
    }

    private ExpositionParser() {
    }

    public static List<Sample> parse(String text) {
        List<Sample> out = new ArrayList<>();
        for (Line l : lines(text)) {
            out.add(new Sample(l.labels(), l.value(),
                    l.hasTimestamp() ? OptionalLong.of(l.timestampMs()) : OptionalLong.empty()));
        }
        return out;
    }

    /**
     * Every sample line, split into series, value and timestamp without parsing the labels (which a scrape reads
     * only for a series it has not seen); a line whose shape is wrong is an error naming its line number.
     */
    public static List<Line> lines(String text) {
        List<Line> out = new ArrayList<>();
        int n = 0;
        int pos = 0;
        while (pos <= text.length()) {
            int end = text.indexOf('\n', pos);
            end = end < 0 ? text.length() : end;
            n++;
            int a = pos;
            int b = end;
            while (a < b && Character.isWhitespace(text.charAt(a))) {
                a++;
            }
            while (b > a && Character.isWhitespace(text.charAt(b - 1))) {
                b--;
            }
            if (a < b && text.charAt(a) != '#') {
                try {
                    out.add(line(text, a, b, n));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("line " + n + ": " + e.getMessage() + ": " + text.substring(a, b));
                }
            }
            pos = end + 1;
        }
        return out;
    }

    private static Line line(String text, int a, int b, int number) {
        int i = a;
        while (i < b && isNameChar(text.charAt(i), i == a)) {
            i++;
        }
        if (i == a) {
            throw new IllegalArgumentException("expected a metric name");
        }
        if (i < b && text.charAt(i) == '{') {
            i = afterLabels(text, i + 1, b);
        }
        String series = text.substring(a, i);
        int v = skipSpace(text, i, b);
        int j = v;
        while (j < b && !Character.isWhitespace(text.charAt(j))) {
            j++;
        }
        if (j == v) {
            throw new IllegalArgumentException("expected a value and an optional timestamp");
        }
        double value = value(text.substring(v, j));
        int t = skipSpace(text, j, b);
        if (t == b) {
            return new Line(series, value, 0, false, number);
        }
        int k = t;
        while (k < b && !Character.isWhitespace(text.charAt(k))) {
            k++;
        }
        if (skipSpace(text, k, b) != b) {
            throw new IllegalArgumentException("expected a value and an optional timestamp");
        }
        return new Line(series, value, Long.parseLong(text.substring(t, k)), true, number);
    }

    /** The index after the label section's closing brace ({@code i} is just inside the opening one). */
    private static int afterLabels(String text, int i, int b) {
        boolean quoted = false;
        for (; i < b; i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '}') {
                return i + 1;
            }
        }
        throw new IllegalArgumentException(quoted ? "unterminated label value" : "expected name=\"value\" in labels");
    }

    private static int skipSpace(String text, int i, int b) {
        while (i < b && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The labels of a series as written: {@code name} or {@code name{label="value",...}}. */
    static Labels labelsOf(String series) {
        int i = 0;
        while (i < series.length() && isNameChar(series.charAt(i), i == 0)) {
            i++;
        }
        TreeMap<String, String> labels = new TreeMap<>();
        labels.put("__name__", series.substring(0, i));
        if (i < series.length() && series.charAt(i) == '{') {
            labels(series, i + 1, labels);
        }
        return Labels.of(labels);
    }

    private static int labels(String line, int i, TreeMap<String, String> out) {
        while (true) {
            while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == ',')) {
                i++;
            }
            if (i < line.length() && line.charAt(i) == '}') {
                return i + 1;
            }
            int start = i;
            while (i < line.length() && isNameChar(line.charAt(i), i == start) && line.charAt(i) != ':') {
                i++;
            }
            String name = line.substring(start, i);
            if (name.isEmpty() || i >= line.length() || line.charAt(i) != '=' || i + 1 >= line.length()
                    || line.charAt(i + 1) != '"') {
                throw new IllegalArgumentException("expected name=\"value\" in labels");
            }
            i += 2;
            StringBuilder v = new StringBuilder();
            while (i < line.length() && line.charAt(i) != '"') {
                char c = line.charAt(i++);
                if (c == '\\' && i < line.length()) {
                    char e = line.charAt(i++);
                    v.append(e == 'n' ? '\n' : e);
                } else {
                    v.append(c);
                }
            }
            if (i >= line.length()) {
                throw new IllegalArgumentException("unterminated label value");
            }
            out.put(name, v.toString());
            i++;
        }
    }

    static double value(String s) {
        return switch (s) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(s);
        };
    }

    private static boolean isNameChar(char c, boolean first) {
        return c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
    }
}
