package dev.vigil.promql;

import java.math.BigDecimal;

/**
 * Go's float formatting and parsing where PromQL's results depend on it. Java 17's {@code Double.toString} is not
 * always the shortest decimal that reads back as the double (JDK-4511638, fixed in Java 19), so the digits are
 * found here: the exact value rounded to 1, 2, ... 17 significant digits until it reads back, the shortest and
 * closest decimal, which is what Go's {@code strconv.FormatFloat(v, fmt, -1, 64)} prints.
 */
public final class GoFloat {
    private GoFloat() {
    }

    /** The shortest decimal that reads back as {@code v} (finite); the closest of them when several are as short. */
    public static BigDecimal shortest(double v) {
        BigDecimal exact = new BigDecimal(v);
        for (int p = 1; p < 17; p++) {
            BigDecimal r = exact.round(new java.math.MathContext(p, java.math.RoundingMode.HALF_EVEN));
            if (r.doubleValue() == v) {
                return r.stripTrailingZeros();
            }
        }
        return exact.round(new java.math.MathContext(17, java.math.RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }

    /** {@code strconv.FormatFloat(v, 'e' or 'E', -1, 64)}: {@code 1.5e+03}, {@code -2E-07}, {@code NaN}, {@code +Inf}. */
    public static String formatExponent(double v, char e) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return (1 / v < 0 ? "-" : "") + "0" + e + "+00";
        }
        BigDecimal d = shortest(v);
        String digits = d.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - d.scale();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (v < 0 ? "-" : "") + mantissa + e + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "")
                + Math.abs(exp);
    }

    /** strconv.FormatFloat(v, 'f', -1, 64): the shortest decimal that reads back as v, without exponent. */
    public static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return 1 / v < 0 ? "-0" : "0";
        }
        return shortest(v).toPlainString();
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
