package dev.vigil.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.time.PromDuration;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One condition in Gatus's grammar: {@code [STATUS] == 200}, {@code [RESPONSE_TIME] < 500} (milliseconds, or a
 * duration: {@code 500ms}), {@code [BODY].data[0].id == 1}, {@code len([BODY].items) > 0},
 * {@code has([BODY].errors) == false}, {@code [BODY] == pat(*healthy*)}, {@code [STATUS] == any(200, 204)},
 * {@code [CERTIFICATE_EXPIRATION] > 72h}, {@code [CONNECTED] == true}. A condition that cannot be evaluated (no body,
 * not JSON, nothing at the path) is false, and says why.
 */
public record Condition(String text, Operand left, Op op, Operand right) {

    /** Comparison operators. */
    public enum Op {
        EQ("=="), NE("!="), LE("<="), GE(">="), LT("<"), GT(">");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        boolean ordering() {
            return this != EQ && this != NE;
        }
    }

    /** A side of a condition. */
    public sealed interface Operand {
    }

    /** A placeholder's value, maybe at a JSON path into it, maybe through {@code len()} or {@code has()}. */
    public record Value(Placeholder placeholder, List<Object> path, String function) implements Operand {
    }

    /** Text as written. */
    public record Literal(String text) implements Operand {
    }

    /** {@code pat(...)}: a glob, {@code *} for any run of characters. */
    public record Glob(String pattern) implements Operand {
    }

    /** {@code any(a, b, ...)}: one of these. */
    public record AnyOf(List<String> values) implements Operand {
    }

    /** What evaluating gave: whether it holds, and what was observed (or why it could not be evaluated). */
    public record Check(boolean holds, String observed) {
    }

    private static final Pattern VALUE = Pattern.compile("\\[([A-Z_]+)\\]((?:\\.[^.\\[\\]\\s]+|\\[\\d+\\])*)");
    private static final Pattern FUNCTION = Pattern.compile("(len|has|pat|any)\\((.*)\\)");
    private static final Pattern PATH_PART = Pattern.compile("\\.([^.\\[\\]\\s]+)|\\[(\\d+)\\]");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Parses a condition; throws {@link IllegalArgumentException} naming what is wrong. */
    public static Condition parse(String text) {
        String t = text.strip();
        int[] at = operator(t);
        if (at == null) {
            throw new IllegalArgumentException("\"" + t + "\" is not a condition (expected: e.g. \"[STATUS] == 200\")");
        }
        Op op = null;
        for (Op o : Op.values()) {
            if (t.startsWith(o.symbol, at[0]) && o.symbol.length() == at[1]) {
                op = o;
            }
        }
        Operand left = operand(t.substring(0, at[0]).strip(), t);
        Operand right = operand(t.substring(at[0] + at[1]).strip(), t);
        if (left instanceof Glob || left instanceof AnyOf) {
            throw new IllegalArgumentException("\"" + t + "\": pat() and any() go on the right of == or !=");
        }
        if ((right instanceof Glob || right instanceof AnyOf) && op.ordering()) {
            throw new IllegalArgumentException("\"" + t + "\": pat() and any() work only with == and !=");
        }
        Condition c = new Condition(t, left, op, right);
        c.checkLiterals();
        return c;
    }

    /** Where the operator is (index, length): the first one outside brackets and parentheses. */
    private static int[] operator(String t) {
        int depth = 0;
        for (int i = 0; i < t.length(); i++) {
            char ch = t.charAt(i);
            if (ch == '(' || ch == '[') {
                depth++;
            } else if (ch == ')' || ch == ']') {
                depth--;
            } else if (depth == 0 && (ch == '=' || ch == '!' || ch == '<' || ch == '>')) {
                boolean two = i + 1 < t.length() && t.charAt(i + 1) == '=';
                if (ch == '=' || ch == '!') {
                    return two ? new int[] {i, 2} : null;
                }
                return new int[] {i, two ? 2 : 1};
            }
        }
        return null;
    }

    private static Operand operand(String s, String whole) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException("\"" + whole + "\" is not a condition (expected: e.g. \"[STATUS] == 200\")");
        }
        Matcher f = FUNCTION.matcher(s);
        if (f.matches()) {
            String arg = f.group(2).strip();
            return switch (f.group(1)) {
                case "pat" -> new Glob(arg);
                case "any" -> new AnyOf(java.util.Arrays.stream(arg.split(",")).map(String::strip).toList());
                default -> {
                    Operand inner = operand(arg, whole);
                    if (!(inner instanceof Value v) || v.placeholder() != Placeholder.BODY || !v.function().isEmpty()) {
                        throw new IllegalArgumentException("\"" + whole + "\": " + f.group(1) + "() takes [BODY] or a "
                                + "path into it");
                    }
                    yield new Value(v.placeholder(), v.path(), f.group(1));
                }
            };
        }
        Matcher v = VALUE.matcher(s);
        if (v.matches()) {
            Placeholder p;
            try {
                p = Placeholder.valueOf(v.group(1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("\"" + whole + "\": unknown placeholder [" + v.group(1) + "]");
            }
            List<Object> path = new ArrayList<>();
            Matcher part = PATH_PART.matcher(v.group(2));
            while (part.find()) {
                path.add(part.group(1) != null ? part.group(1) : Integer.valueOf(part.group(2)));
            }
            if (!path.isEmpty() && p != Placeholder.BODY) {
                throw new IllegalArgumentException("\"" + whole + "\": only [BODY] takes a path");
            }
            return new Value(p, List.copyOf(path), "");
        }
        if (s.startsWith("[") && s.contains("]")) {
            throw new IllegalArgumentException("\"" + whole + "\": unknown placeholder " + s.substring(0,
                    s.indexOf(']') + 1));
        }
        return new Literal(s);
    }

    /** A literal compared with a number-valued placeholder must be a number (or a duration, for times). */
    private void checkLiterals() {
        if (left instanceof Value v && v.function().isEmpty() && right instanceof Literal l) {
            switch (v.placeholder()) {
                case STATUS, ROWS -> number(l.text(), text);
                case RESPONSE_TIME, CERTIFICATE_EXPIRATION -> millis(l.text(), text);
                case CONNECTED, TLS_VERIFIED -> {
                    if (!l.text().equals("true") && !l.text().equals("false")) {
                        throw new IllegalArgumentException("\"" + text + "\": " + l.text() + " is not true or false");
                    }
                }
                default -> {
                }
            }
        }
    }

    /** The placeholders this condition reads. */
    public Set<Placeholder> placeholders() {
        Set<Placeholder> out = EnumSet.noneOf(Placeholder.class);
        for (Operand o : List.of(left, right)) {
            if (o instanceof Value v) {
                out.add(v.placeholder());
            }
        }
        return out;
    }

    private record Resolved(String value, String why) {
        static Resolved of(String value) {
            return new Resolved(value, "");
        }

        static Resolved missing(String why) {
            return new Resolved(null, why);
        }
    }

    /** Evaluates this condition against an observation at {@code now}. */
    public Check check(Observation o, Instant now) {
        Resolved l = resolve(left, o, now);
        if (l.value() == null) {
            return new Check(false, l.why());
        }
        boolean holds;
        if (right instanceof Glob g) {
            holds = glob(g.pattern(), l.value()) == (op == Op.EQ);
        } else if (right instanceof AnyOf a) {
            holds = a.values().contains(l.value()) == (op == Op.EQ);
        } else {
            Resolved r = resolve(right, o, now);
            if (r.value() == null) {
                return new Check(false, r.why());
            }
            String want = r.value();
            if (right instanceof Literal lit && left instanceof Value v && v.function().isEmpty()
                    && (v.placeholder() == Placeholder.RESPONSE_TIME
                    || v.placeholder() == Placeholder.CERTIFICATE_EXPIRATION)) {
                want = String.valueOf(millis(lit.text(), text));
            }
            Optional<Double> a = numeric(l.value());
            Optional<Double> b = numeric(want);
            if (a.isPresent() && b.isPresent()) {
                holds = compare(Double.compare(a.get(), b.get()));
            } else if (op.ordering()) {
                return new Check(false, shown(left, l.value()) + ", not a number");
            } else {
                holds = l.value().equals(want) == (op == Op.EQ);
            }
        }
        return new Check(holds, shown(left, l.value()));
    }

    /** Whether the observation satisfies this condition at {@code now}. */
    public boolean holds(Observation o, Instant now) {
        return check(o, now).holds();
    }

    /** What the observation had for this condition, for a failure message. */
    public String observed(Observation o, Instant now) {
        return check(o, now).observed();
    }

    private static String shown(Operand side, String value) {
        if (side instanceof Value v && v.function().isEmpty()) {
            if (v.placeholder() == Placeholder.RESPONSE_TIME || v.placeholder() == Placeholder.CERTIFICATE_EXPIRATION) {
                long ms = Long.parseLong(value);
                return (ms < 0 ? "-" : "") + PromDuration.format(Duration.ofMillis(Math.abs(ms)));
            }
            if (value.length() > 200) {
                return value.substring(0, 200) + "…";
            }
        }
        return value;
    }

    private Resolved resolve(Operand side, Observation o, Instant now) {
        if (side instanceof Value v) {
            return value(v, o, now);
        }
        if (side instanceof Glob g) {
            return Resolved.of(g.pattern());
        }
        if (side instanceof AnyOf a) {
            return Resolved.of(String.join(", ", a.values()));
        }
        return Resolved.of(((Literal) side).text());
    }

    private static Resolved value(Value v, Observation o, Instant now) {
        if (v.placeholder() == Placeholder.CERTIFICATE_EXPIRATION) {
            return o.certificateExpiry().map(exp -> Resolved.of(String.valueOf(Duration.between(now, exp).toMillis())))
                    .orElseGet(() -> Resolved.missing(o.error().orElse("no certificate")));
        }
        Optional<String> base = o.value(v.placeholder());
        if (base.isEmpty()) {
            return Resolved.missing(o.error().orElse("no " + v.placeholder().name().toLowerCase() + " observed"));
        }
        if (v.path().isEmpty() && v.function().isEmpty()) {
            return Resolved.of(base.get());
        }
        JsonNode n;
        try {
            n = JSON.readTree(base.get());
        } catch (Exception e) {
            n = null;
        }
        if (n == null || n.isMissingNode()) {
            return v.function().equals("has") ? Resolved.of("false")
                    : v.path().isEmpty() && v.function().equals("len") ? Resolved.of(String.valueOf(base.get().length()))
                    : Resolved.missing("the body is not JSON");
        }
        StringBuilder where = new StringBuilder();
        for (Object part : v.path()) {
            where.append(part instanceof Integer i ? "[" + i + "]" : "." + part);
            n = part instanceof Integer i ? n.get(i) : n.get((String) part);
            if (n == null) {
                return v.function().equals("has") ? Resolved.of("false")
                        : Resolved.missing("nothing at " + where.substring(where.charAt(0) == '.' ? 1 : 0));
            }
        }
        return switch (v.function()) {
            case "has" -> Resolved.of("true");
            case "len" -> Resolved.of(String.valueOf(n.isArray() ? n.size()
                    : n.isValueNode() ? n.asText().length() : n.toString().length()));
            default -> Resolved.of(n.isValueNode() ? n.asText() : n.toString());
        };
    }

    private boolean compare(int c) {
        return switch (op) {
            case EQ -> c == 0;
            case NE -> c != 0;
            case LT -> c < 0;
            case LE -> c <= 0;
            case GT -> c > 0;
            case GE -> c >= 0;
        };
    }

    /** Gatus's pat(): {@code *} stands for any run of characters, everything else for itself. */
    static boolean glob(String pattern, String s) {
        String re = String.join(".*", java.util.Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote).toList());
        return Pattern.compile(re, Pattern.DOTALL).matcher(s).matches();
    }

    /** A decimal number as written (Java's own parser would also take {@code 30d}, {@code NaN}, hex). */
    private static Optional<Double> numeric(String s) {
        return NUMBER.matcher(s.strip()).matches() ? Optional.of(Double.parseDouble(s.strip())) : Optional.empty();
    }

    private static double number(String s, String whole) {
        return numeric(s).orElseThrow(() -> new IllegalArgumentException("\"" + whole + "\": " + s + " is not a number"));
    }

    /** Milliseconds from a number (Gatus's unit for times) or a duration ({@code 500ms}, {@code 72h}). */
    private static long millis(String s, String whole) {
        Optional<Double> n = numeric(s);
        if (n.isPresent()) {
            return n.get().longValue();
        }
        try {
            return PromDuration.parse(s).toMillis();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + whole + "\": " + s + " is not a duration (expected: e.g. 500ms, "
                    + "72h, or a number of milliseconds)");
        }
    }
}
