package dev.vigil.rule;

import dev.vigil.label.GoQuote;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The first problem in a promtool input series, as promtool 2.42 reports it: it parses {@code series + " " + values}
 * as one series description, and its parser's error reads {@code 1:14: parse error: unexpected identifier "abc" in
 * series values, expected number or "stale"}. This follows that lexer and grammar for the mistakes people make (an
 * unclosed or malformed label set, a word among the values, an incomplete {@code a+bxn}, a stray character); the
 * wording of rarer ones may differ (docs/rules.md).
 */
final class SeriesDescription {
    private final String line;
    private int pos;

    private SeriesDescription(String line) {
        this.line = line;
    }

    /** Why {@code series} with {@code values} does not parse, in promtool's words; empty when it does. */
    static Optional<String> problem(String series, String values) {
        SeriesDescription d = new SeriesDescription(series + " " + values);
        try {
            d.metric();
            d.values();
            return Optional.empty();
        } catch (Problem p) {
            return Optional.of(p.getMessage());
        }
    }

    /** Why {@code metric} (an expected sample's labels) does not parse, as promtool's parser.ParseMetric says. */
    static Optional<String> metricProblem(String metric) {
        SeriesDescription d = new SeriesDescription(metric);
        try {
            d.metric();
            d.skipSpaces();
            if (d.more()) {
                if (identStart(d.peek())) {
                    int start = d.pos;
                    throw d.at(start, "unexpected identifier " + GoQuote.quote(d.word()));
                }
                throw d.unexpectedHere();
            }
            return Optional.empty();
        } catch (Problem p) {
            return Optional.of(p.getMessage());
        }
    }

    private static final class Problem extends RuntimeException {
        Problem(String message) {
            super(message, null, false, false);
        }
    }

    private Problem at(int at, String message) {
        int col = line.substring(0, Math.min(at, line.length())).getBytes(StandardCharsets.UTF_8).length + 1;
        return new Problem("1:" + col + ": parse error: " + message);
    }

    private boolean more() {
        return pos < line.length();
    }

    private char peek() {
        return line.charAt(pos);
    }

    private void skipSpaces() {
        while (more() && (peek() == ' ' || peek() == '\t')) {
            pos++;
        }
    }

    private static boolean identStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean identPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private String word() {
        int start = pos;
        while (more() && (identPart(peek()) || peek() == ':')) {
            pos++;
        }
        return line.substring(start, pos);
    }

    private void metric() {
        if (more() && (identStart(peek()) || peek() == ':')) {
            word();
        } else if (more() && Character.isDigit(peek())) {
            int start = pos;
            while (more() && (Character.isLetterOrDigit(peek()) || peek() == '.')) {
                pos++;
            }
            throw at(start, "bad number or duration syntax: " + GoQuote.quote(line.substring(start, start + 1)));
        }
        if (more() && peek() == '{') {
            pos++;
            labelSet();
        }
    }

    private void labelSet() {
        while (true) {
            skipSpaces();
            if (!more()) {
                throw at(pos, "unexpected end of input inside braces");
            }
            char c = peek();
            if (c == '}') {
                pos++;
                return;
            }
            if (c == '"' || c == '\'' || c == '`') {
                int start = pos;
                String s = quoted();
                throw at(start, "unexpected string " + GoQuote.quote(s) + " in label set, expected identifier or \"}\"");
            }
            if (!identStart(c)) {
                throw at(pos, "unexpected character inside braces: " + rune(c));
            }
            word();
            skipSpaces();
            if (!more()) {
                throw at(pos, "unexpected end of input inside braces");
            }
            int opAt = pos;
            String op = line.startsWith("!=", pos) ? "!=" : line.startsWith("=~", pos) ? "=~"
                    : line.startsWith("!~", pos) ? "!~" : null;
            if (op != null) {
                throw at(opAt, "unexpected <op:" + op + "> in label set, expected \"=\"");
            }
            if (peek() != '=') {
                throw at(pos, "unexpected character inside braces: " + rune(peek()));
            }
            pos++;
            skipSpaces();
            if (!more()) {
                throw at(pos, "unexpected end of input inside braces");
            }
            if (identStart(peek())) {
                int start = pos;
                String w = word();
                throw at(start, "unexpected identifier " + GoQuote.quote(w) + " in label set, expected string");
            }
            if (peek() != '"' && peek() != '\'' && peek() != '`') {
                throw at(pos, "unexpected character inside braces: " + rune(peek()));
            }
            quoted();
            skipSpaces();
            if (more() && peek() == ',') {
                pos++;
                continue;
            }
            if (more() && peek() == '}') {
                pos++;
                return;
            }
            if (!more()) {
                throw at(pos, "unexpected end of input inside braces");
            }
            if (identStart(peek())) {
                int start = pos;
                String w = word();
                throw at(start, "unexpected identifier " + GoQuote.quote(w) + " in label set, expected \",\" or \"}\"");
            }
            throw at(pos, "unexpected character inside braces: " + rune(peek()));
        }
    }

    private String quoted() {
        int start = pos;
        char q = peek();
        pos++;
        while (more() && peek() != q) {
            if (peek() == '\\' && q != '`') {
                pos++;
            }
            pos++;
        }
        if (!more()) {
            throw at(start, "unterminated quoted string");
        }
        pos++;
        return line.substring(start, pos);
    }

    /** Go's %q of a character: 'x', '\t'. */
    private static String rune(char c) {
        String q = GoQuote.quote(String.valueOf(c));
        return "'" + q.substring(1, q.length() - 1).replace("\\\"", "\"") + "'";
    }

    private void values() {
        skipSpaces();
        while (more()) {
            item();
            if (!more()) {
                return;
            }
            char c = peek();
            if (c != ' ' && c != '\t') {
                throw unexpectedHere();
            }
            skipSpaces();
        }
    }

    /** One item: _, _xn, stale, a number, axn, a+bxn, a-bxn. */
    private void item() {
        char c = peek();
        if (c == '_' && pos + 1 < line.length() && Character.isDigit(line.charAt(pos + 1))) {
            int start = ++pos;
            number();
            throw at(start, "unexpected number " + GoQuote.quote(line.substring(start, pos)));
        }
        if (c == '_' && (pos + 1 >= line.length() || !identPart(line.charAt(pos + 1)) || line.charAt(pos + 1) == 'x')) {
            pos++;
            if (more() && peek() == 'x') {
                pos++;
                count();
            }
            return;
        }
        if (identStart(c) && c != 'x') {
            int start = pos;
            String w = word();
            if (w.equals("stale") || w.equalsIgnoreCase("inf") || w.equalsIgnoreCase("nan")) {
                return;
            }
            throw at(start, "unexpected identifier " + GoQuote.quote(w) + " in series values, expected number or \"stale\"");
        }
        if (c == 'x') {
            throw at(pos, "unexpected \"x\"");
        }
        signedNumber(true);
        if (!more()) {
            return;
        }
        if (peek() == 'x') {
            pos++;
            count();
            return;
        }
        if (peek() == '+' || peek() == '-') {
            signedNumber(false);
            if (!more()) {
                throw at(pos, "unexpected end of input in series values");
            }
            if (peek() != 'x') {
                throw unexpectedHere();
            }
            pos++;
            count();
        }
    }

    private void count() {
        if (!more()) {
            throw at(pos, "unexpected end of input in series values");
        }
        if (identStart(peek())) {
            int start = pos;
            String w = word();
            throw at(start, "unexpected identifier " + GoQuote.quote(w) + " in series values");
        }
        if (!Character.isDigit(peek())) {
            throw unexpectedHere();
        }
        int start = pos;
        while (more() && Character.isDigit(peek())) {
            pos++;
        }
        if (more() && identPart(peek())) {
            throw at(start, "bad number syntax: " + GoQuote.quote(line.substring(start, pos)));
        }
    }

    /** A number, with a sign when {@code optionalSign} (a value) or always (the step of a+bxn). */
    private void signedNumber(boolean optionalSign) {
        if (more() && (peek() == '+' || peek() == '-')) {
            pos++;
            if (!more()) {
                throw at(pos, "unexpected end of input in series values");
            }
            if (peek() == ' ' || peek() == '\t') {
                throw at(pos, "unexpected \" \" in series values");
            }
            if (peek() == '+' || peek() == '-') {
                throw at(pos, "unexpected <op:" + peek() + "> in series values");
            }
            if (identStart(peek()) && peek() != 'x') {
                int start = pos;
                String w = word();
                if (w.equalsIgnoreCase("inf") || w.equalsIgnoreCase("nan")) {
                    return;
                }
                throw at(start, "unexpected identifier " + GoQuote.quote(w) + " in series values, expected number");
            }
        } else if (!optionalSign) {
            throw unexpectedHere();
        }
        boolean fraction = more() && peek() == '.' && pos + 1 < line.length() && Character.isDigit(line.charAt(pos + 1));
        if (!more() || !(Character.isDigit(peek()) || fraction)) {
            if (!more()) {
                throw at(pos, "unexpected end of input in series values");
            }
            throw unexpectedHere();
        }
        number();
        if (more() && peek() == '.') {
            int start = pos;
            number();
            throw at(start, "unexpected number " + GoQuote.quote(line.substring(start, pos)));
        }
    }

    /** Digits with at most one point and an exponent, as Prometheus lexes a number among series values. */
    private void number() {
        int start = pos;
        boolean point = false;
        while (more() && (Character.isDigit(peek()) || (peek() == '.' && !point))) {
            point |= peek() == '.';
            pos++;
        }
        if (more() && (peek() == 'e' || peek() == 'E')) {
            int save = pos;
            pos++;
            if (more() && (peek() == '+' || peek() == '-')) {
                pos++;
            }
            if (more() && Character.isDigit(peek())) {
                while (more() && Character.isDigit(peek())) {
                    pos++;
                }
            } else if (!more() || !identPart(peek())) {
                // Prometheus's lexer takes "1e" as a number, which Go's ParseFloat then refuses.
                throw at(start, "error parsing number: strconv.ParseFloat: parsing "
                        + GoQuote.quote(line.substring(start, pos)) + ": invalid syntax");
            } else {
                pos = save;
            }
        }
    }

    private Problem unexpectedHere() {
        char c = peek();
        if (c == ' ' || c == '\t') {
            return at(pos, "unexpected \" \" in series values");
        }
        if (identStart(c) || Character.isDigit(c)) {
            return at(pos, "unexpected " + GoQuote.quote(String.valueOf(c)));
        }
        return at(pos, "unexpected character in series sequence: " + rune(c));
    }
}
