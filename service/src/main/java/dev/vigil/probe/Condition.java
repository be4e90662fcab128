package dev.vigil.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.time.PromDuration;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Gatus-style condition such as {@code [STATUS] == 200}, {@code [RESPONSE_TIME] < 500ms},
 * {@code [BODY].status == UP} or {@code [CERTIFICATE_EXPIRATION] > 72h}.
 */
public record Condition(String text, Placeholder placeholder, String jsonPath, Op op, String expected) {

    /** The values a condition can test. */
    public enum Placeholder { STATUS, RESPONSE_TIME, BODY, CERTIFICATE_EXPIRATION }

    /** Comparison operators. */
    public enum Op {
        EQ("=="), NE("!="), LE("<="), GE(">="), LT("<"), GT(">");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }
    }

    private static final Pattern SHAPE = Pattern.compile(
            "\\s*\\[([A-Z_]+)\\]((?:\\.[A-Za-z0-9_\\-\\[\\]]+)*)\\s*(==|!=|<=|>=|<|>)\\s*(.*?)\\s*");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Parses a condition; throws {@link IllegalArgumentException} naming what is wrong. */
    public static Condition parse(String text) {
        Matcher m = SHAPE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a condition (expected: e.g. \"[STATUS] == 200\")");
        }
        Placeholder p;
        try {
            p = Placeholder.valueOf(m.group(1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + text + "\": unknown placeholder [" + m.group(1)
                    + "] (expected: [STATUS], [RESPONSE_TIME], [BODY] or [CERTIFICATE_EXPIRATION])");
        }
        String path = m.group(2).isEmpty() ? "" : m.group(2).substring(1);
        if (!path.isEmpty() && p != Placeholder.BODY) {
            throw new IllegalArgumentException("\"" + text + "\": only [BODY] takes a path");
        }
        Op op = null;
        for (Op o : Op.values()) {
            if (o.symbol.equals(m.group(3))) {
                op = o;
            }
        }
        Condition c = new Condition(text.strip(), p, path, op, m.group(4));
        c.checkExpected();
        return c;
    }

    private void checkExpected() {
        switch (placeholder) {
            case STATUS -> number(expected);
            case RESPONSE_TIME, CERTIFICATE_EXPIRATION -> PromDuration.parse(expected);
            case BODY -> {
            }
        }
    }

    /** Whether the outcome satisfies this condition at {@code now}. */
    public boolean holds(ProbeOutcome o, Instant now) {
        return switch (placeholder) {
            case STATUS -> compare(o.status(), number(expected));
            case RESPONSE_TIME -> compare(o.responseTime().toMillis(), PromDuration.parse(expected).toMillis());
            case CERTIFICATE_EXPIRATION -> o.certificateExpiry()
                    .map(exp -> compare(Duration.between(now, exp).toMillis(), PromDuration.parse(expected).toMillis()))
                    .orElse(false);
            case BODY -> bodyValue(o.body()).map(this::compareText).orElse(false);
        };
    }

    /** What the outcome had for this condition's placeholder, for the failure message. */
    public String observed(ProbeOutcome o, Instant now) {
        return switch (placeholder) {
            case STATUS -> o.error().orElse(String.valueOf(o.status()));
            case RESPONSE_TIME -> PromDuration.format(o.responseTime());
            case CERTIFICATE_EXPIRATION -> o.certificateExpiry()
                    .map(exp -> PromDuration.format(Duration.between(now, exp).withNanos(0))).orElse("no certificate");
            case BODY -> bodyValue(o.body()).orElse("nothing at " + (jsonPath.isEmpty() ? "the body" : jsonPath));
        };
    }

    private boolean compareText(String actual) {
        try {
            return compare(Double.parseDouble(actual), Double.parseDouble(expected));
        } catch (NumberFormatException e) {
            int c = actual.compareTo(expected);
            return op == Op.EQ ? c == 0 : op == Op.NE ? c != 0 : compare(c, 0);
        }
    }

    private boolean compare(double actual, double wanted) {
        return switch (op) {
            case EQ -> actual == wanted;
            case NE -> actual != wanted;
            case LT -> actual < wanted;
            case LE -> actual <= wanted;
            case GT -> actual > wanted;
            case GE -> actual >= wanted;
        };
    }

    private Optional<String> bodyValue(String body) {
        if (jsonPath.isEmpty()) {
            return Optional.of(body);
        }
        try {
            JsonNode n = JSON.readTree(body);
            for (String part : jsonPath.split("\\.")) {
                n = n == null ? null : n.get(part);
            }
            return n == null || n.isMissingNode() ? Optional.empty() : Optional.of(n.isValueNode() ? n.asText() : n.toString());
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static double number(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + s + "\" is not a number");
        }
    }
}
