package dev.vigil.promql;

import java.math.BigDecimal;

/** Go's float formatting and parsing where PromQL's results depend on it. */
final class GoFloat {
    private GoFloat() {
    }

    /** strconv.FormatFloat(v, 'f', -1, 64): the shortest decimal that reads back as v, without exponent. */
    static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return 1 / v < 0 ? "-0" : "0";
        }
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    /** strconv.ParseFloat(s, 64) for the forms label values use; throws NumberFormatException otherwise. */
    static double parse(String s) {
        String t = s.strip();
        String lower = t.toLowerCase(java.util.Locale.ROOT);
        String unsigned = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
        if (unsigned.equals("inf") || unsigned.equals("infinity")) {
            return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (unsigned.equals("nan")) {
            return Double.NaN;
        }
        if (t.isEmpty() || !t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?|[+-]?0[xX][0-9a-fA-F.]+[pP][+-]?\\d+")) {
            throw new NumberFormatException(s);
        }
        return Double.parseDouble(t);
    }
}
