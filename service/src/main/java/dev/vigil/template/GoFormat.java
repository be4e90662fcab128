package dev.vigil.template;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;

/** Go's fmt for the verbs templates use (%v, %g, %.4g, %f, %e, %d, %s, %q, %x, %%), where Java's differ. */
public final class GoFormat {
    private GoFormat() {
    }

    /** %v of a float64: shortest digits, exponent form when the exponent is below -4 or at least 6 (Go's ftoa.go). */
    public static String value(double v) {
        return g(v, -1);
    }

    /** %.Ng (N = -1: shortest). Trailing zeros are dropped, as Go does without the # flag. */
    public static String g(double v, int precision) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return 1 / v < 0 ? "-0" : "0";
        }
        BigDecimal d = precision < 0 ? dev.vigil.promql.GoFloat.shortest(v)
                : new BigDecimal(v).round(new MathContext(precision == 0 ? 1 : precision, RoundingMode.HALF_EVEN));
        d = d.stripTrailingZeros();
        int digits = d.precision();
        int exp = digits - d.scale() - 1;
        int eprec = precision < 0 ? 6 : (precision == 0 ? 1 : precision);
        if (precision >= 0 && eprec > digits && digits >= exp + 1) {
            eprec = digits;
        }
        if (exp < -4 || exp >= eprec) {
            return exponent(d, exp);
        }
        return d.toPlainString();
    }

    private static String exponent(BigDecimal d, int exp) {
        String digits = d.unscaledValue().abs().toString();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (d.signum() < 0 ? "-" : "") + mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "")
                + Math.abs(exp);
    }

    /** Go's Sprintf for one format and its arguments. */
    public static String sprintf(String format, List<Object> args) {
        StringBuilder out = new StringBuilder();
        int argi = 0;
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            int start = i++;
            while (i < format.length() && "+-# 0".indexOf(format.charAt(i)) >= 0) {
                i++;
            }
            while (i < format.length() && (Character.isDigit(format.charAt(i)) || format.charAt(i) == '.')) {
                i++;
            }
            if (i >= format.length()) {
                out.append("%!(NOVERB)");
                break;
            }
            char verb = format.charAt(i);
            String spec = format.substring(start + 1, i);
            if (verb == '%') {
                out.append('%');
                continue;
            }
            if (argi >= args.size()) {
                out.append("%!").append(verb).append("(MISSING)");
                continue;
            }
            out.append(one(verb, spec, args.get(argi++)));
        }
        if (argi < args.size()) {
            out.append("%!(EXTRA ");
            for (int k = argi; k < args.size(); k++) {
                out.append(k > argi ? ", " : "").append(typeName(args.get(k))).append('=').append(Values.print(args.get(k)));
            }
            out.append(')');
        }
        return out.toString();
    }

    private static String one(char verb, String spec, Object arg) {
        int dot = spec.indexOf('.');
        String flags = spec.replaceAll("[0-9.].*$", "");
        String width = (dot < 0 ? spec : spec.substring(0, dot)).replaceAll("^[+\\- #0]*", "");
        int precision = dot < 0 ? -1 : spec.substring(dot + 1).isEmpty() ? 0 : Integer.parseInt(spec.substring(dot + 1));
        String s;
        switch (verb) {
            case 'v', 's' -> s = Values.print(arg);
            case 'q' -> s = "\"" + Values.print(arg).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            case 'd' -> s = arg instanceof Number n && !(arg instanceof Double) ? String.valueOf(n.longValue())
                    : "%!d(" + typeName(arg) + "=" + Values.print(arg) + ")";
            case 'f', 'F' -> s = arg instanceof Number n ? fixed(n.doubleValue(), precision < 0 ? 6 : precision)
                    : bad(verb, arg);
            case 'e', 'E' -> s = arg instanceof Number n ? sci(n.doubleValue(), precision < 0 ? 6 : precision, verb) : bad(verb, arg);
            case 'g', 'G' -> s = arg instanceof Number n ? g(n.doubleValue(), precision) : bad(verb, arg);
            case 'x', 'X' -> {
                String h = arg instanceof Number n && !(arg instanceof Double) ? Long.toHexString(n.longValue())
                        : hex(Values.print(arg));
                s = verb == 'X' ? h.toUpperCase(Locale.ROOT) : h;
            }
            default -> s = bad(verb, arg);
        }
        if (flags.contains("+") && arg instanceof Number n && n.doubleValue() >= 0 && "dfeEgG".indexOf(verb) >= 0) {
            s = "+" + s;
        }
        if (!width.isEmpty()) {
            int w = Integer.parseInt(width);
            boolean left = flags.contains("-");
            boolean zero = flags.contains("0") && !left && arg instanceof Number;
            while (s.length() < w) {
                s = left ? s + " " : zero ? (s.startsWith("-") ? "-0" + s.substring(1) : "0" + s) : " " + s;
            }
        }
        return s;
    }

    private static String fixed(double v, int precision) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return g(v, -1);
        }
        return new BigDecimal(v).setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String sci(double v, int precision, char verb) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return g(v, -1);
        }
        if (v == 0) {
            return "0" + (precision > 0 ? "." + "0".repeat(precision) : "") + (verb == 'E' ? "E+00" : "e+00");
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(precision + 1, RoundingMode.HALF_EVEN));
        int exp = d.precision() - d.scale() - 1;
        String digits = d.unscaledValue().abs().toString();
        digits = (digits + "0".repeat(precision + 1)).substring(0, precision + 1);
        String m = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (v < 0 ? "-" : "") + m + (verb == 'E' ? "E" : "e") + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "")
                + Math.abs(exp);
    }

    private static String hex(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            sb.append(String.format("%02x", b));
        }
        return sb.toString();
    }

    private static String bad(char verb, Object arg) {
        return "%!" + verb + "(" + typeName(arg) + "=" + Values.print(arg) + ")";
    }

    static String typeName(Object o) {
        if (o instanceof Double) {
            return "float64";
        }
        if (o instanceof Long || o instanceof Integer) {
            return "int";
        }
        if (o instanceof String) {
            return "string";
        }
        if (o instanceof Boolean) {
            return "bool";
        }
        return o == null ? "<nil>" : "map[string]string";
    }
}
