package dev.vigil.label;

/** Parses one matcher in Alertmanager's {@code matchers:} syntax, e.g. {@code team="ingestion"} or {@code severity=~ticket|info}. */
public final class MatcherParser {
    private MatcherParser() {
    }

    /** Parses {@code text}; throws {@link IllegalArgumentException} saying what is wrong. */
    public static Matcher parse(String text) {
        String s = text.strip();
        int i = 0;
        while (i < s.length() && isNameChar(s.charAt(i), i == 0)) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("\"" + text + "\" is not a matcher (expected: name=\"value\", name!=\"value\", name=~\"regex\" or name!~\"regex\")");
        }
        String name = s.substring(0, i);
        String rest = s.substring(i).stripLeading();
        Matcher.Op op;
        if (rest.startsWith("=~")) {
            op = Matcher.Op.RE;
        } else if (rest.startsWith("!~")) {
            op = Matcher.Op.NRE;
        } else if (rest.startsWith("!=")) {
            op = Matcher.Op.NE;
        } else if (rest.startsWith("=")) {
            op = Matcher.Op.EQ;
        } else {
            throw new IllegalArgumentException("\"" + text + "\": expected an operator (=, !=, =~, !~) after \"" + name + "\"");
        }
        String value = unquote(rest.substring(op.symbol().length()).strip(), text);
        try {
            return Matcher.of(name, op, value);
        } catch (GoRegex.Invalid e) {
            throw new IllegalArgumentException("\"" + text + "\": bad regex: " + e.getMessage());
        }
    }

    private static String unquote(String v, String text) {
        if (!v.startsWith("\"")) {
            return v;
        }
        if (v.length() < 2 || !v.endsWith("\"")) {
            throw new IllegalArgumentException("\"" + text + "\": unterminated quoted value");
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < v.length() - 1; i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length() - 1) {
                char n = v.charAt(++i);
                sb.append(switch (n) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> n;
                });
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isNameChar(char c, boolean first) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
    }
}
