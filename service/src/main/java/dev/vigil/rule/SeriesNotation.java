package dev.vigil.rule;

import dev.vigil.promql.Staleness;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * promtool's expanding notation for input series: {@code 1 2 _ stale 1+2x3 5-1x2 7x2 _x3}. {@code a+bxn} gives
 * n+1 values by repeated addition, as promtool computes them; {@code _xn} gives n missing samples.
 */
public final class SeriesNotation {
    /** A missing sample: time passes, nothing is stored. */
    public static final Double MISSING = null;

    // No hexadecimal here: in this notation "0x20" is 0 repeated, not 32.
    private static final Pattern NUMBER = Pattern.compile("[-+]?(?:[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?|[Ii]nf|NaN)");
    private static final Pattern EXPANSION = Pattern.compile("(" + NUMBER.pattern() + ")(?:([-+])(" + NUMBER.pattern()
            + "))?x([0-9]+)");

    private SeriesNotation() {
    }

    /** The values, one per interval; {@code null} where a sample is missing. */
    public static List<Double> expand(String text) {
        List<Double> out = new ArrayList<>();
        for (String item : text.trim().split("\\s+")) {
            if (item.isEmpty()) {
                continue;
            }
            if (item.equals("_")) {
                out.add(MISSING);
            } else if (item.equals("stale")) {
                out.add(Staleness.STALE_NAN);
            } else if (item.startsWith("_x")) {
                int n = count(item.substring(2), item);
                for (int i = 0; i < n; i++) {
                    out.add(MISSING);
                }
            } else if (NUMBER.matcher(item).matches()) {
                out.add(number(item));
            } else {
                Matcher m = EXPANSION.matcher(item);
                if (!m.matches()) {
                    throw new IllegalArgumentException("\"" + item + "\" is not a value (expected: a number, _, stale, a+bxn, a-bxn, axn or _xn)");
                }
                double v = number(m.group(1));
                double step = m.group(3) == null ? 0 : number(m.group(3)) * (m.group(2).equals("-") ? -1 : 1);
                int n = count(m.group(4), item);
                out.add(v);
                for (int i = 1; i <= n; i++) {
                    v += step;
                    out.add(v);
                }
            }
        }
        return out;
    }

    private static int count(String n, String item) {
        try {
            return Integer.parseInt(n);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + item + "\": bad repetition count");
        }
    }

    static double number(String s) {
        String lower = s.toLowerCase();
        if (lower.endsWith("inf")) {
            return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (lower.endsWith("nan")) {
            return Double.NaN;
        }
        if (lower.matches("[-+]?0x[0-9a-f]+")) {
            long v = Long.parseLong(lower.replaceFirst("^[-+]?0x", ""), 16);
            return lower.startsWith("-") ? -v : v;
        }
        return Double.parseDouble(s);
    }
}
