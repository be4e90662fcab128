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

    private ExpositionParser() {
    }

    public static List<Sample> parse(String text) {
        List<Sample> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                out.add(line(line));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("line " + (n + 1) + ": " + e.getMessage() + ": " + line);
            }
        }
        return out;
    }

    private static Sample line(String line) {
        int i = 0;
        while (i < line.length() && isNameChar(line.charAt(i), i == 0)) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("expected a metric name");
        }
        TreeMap<String, String> labels = new TreeMap<>();
        labels.put("__name__", line.substring(0, i));
        if (i < line.length() && line.charAt(i) == '{') {
            i = labels(line, i + 1, labels);
        }
        String[] rest = line.substring(i).strip().split("\\s+");
        if (rest.length == 0 || rest[0].isEmpty() || rest.length > 2) {
            throw new IllegalArgumentException("expected a value and an optional timestamp");
        }
        OptionalLong ts = rest.length == 2 ? OptionalLong.of(Long.parseLong(rest[1])) : OptionalLong.empty();
        return new Sample(Labels.of(labels), value(rest[0]), ts);
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
