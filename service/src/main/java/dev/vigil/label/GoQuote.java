package dev.vigil.label;

/**
 * Go's {@code strconv.Quote}, which Prometheus uses to print label values and promtool to print expressions: a
 * double-quoted string with {@code \"} and {@code \\}, the C escapes for control characters ({@code \n}, {@code \t},
 * ...), {@code \xHH} for other control bytes, and {@code \\uHHHH} / {@code \UHHHHHHHH} for characters Go does not
 * count as printable (spaces other than the ASCII one, format and private-use characters).
 */
public final class GoQuote {
    private GoQuote() {
    }

    public static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(c -> escape(out, c));
        return out.append('"').toString();
    }

    private static void escape(StringBuilder out, int c) {
        switch (c) {
            case '"' -> out.append("\\\"");
            case '\\' -> out.append("\\\\");
            case 0x07 -> out.append("\\a");
            case '\b' -> out.append("\\b");
            case '\f' -> out.append("\\f");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            case 0x0B -> out.append("\\v");
            default -> {
                if (printable(c)) {
                    out.appendCodePoint(c);
                } else if (c < ' ' || c == 0x7F) {
                    out.append(String.format("\\x%02x", c));
                } else if (Character.isSurrogate((char) c) && c <= 0xFFFF) {
                    out.append("\\ufffd"); // a lone surrogate is not UTF-8: Go sees the replacement character
                } else if (c < 0x10000) {
                    out.append(String.format("\\u%04x", c));
                } else {
                    out.append(String.format("\\U%08x", c));
                }
            }
        }
    }

    /** Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    static boolean printable(int c) {
        if (c == ' ') {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
                    Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER,
                    Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION,
                    Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
                    Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                    Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }
}
