package dev.vigil.promql;

import java.util.ArrayList;
import java.util.List;

/** Splits a PromQL expression into tokens, as Prometheus's lexer does (comments, three string quotes, durations). */
final class Lexer {
    private final String in;
    private int pos;
    /** Inside [...], ':' separates a subquery's range from its step instead of starting a metric name. */
    private int brackets;

    private Lexer(String in) {
        this.in = in;
    }

    static List<Token> lex(String input) {
        Lexer l = new Lexer(input);
        List<Token> out = new ArrayList<>();
        Token t;
        do {
            t = l.next();
            out.add(t);
        } while (!t.is(Token.Kind.EOF));
        return out;
    }

    private Token next() {
        skipSpaceAndComments();
        if (pos >= in.length()) {
            return new Token(Token.Kind.EOF, "", pos);
        }
        int start = pos;
        char c = in.charAt(pos);
        if (c == '"' || c == '\'' || c == '`') {
            return new Token(Token.Kind.STRING, string(c), start);
        }
        if (Character.isDigit(c) || (c == '.' && pos + 1 < in.length() && Character.isDigit(in.charAt(pos + 1)))) {
            return number();
        }
        if (c == ':' && brackets > 0) {
            pos++;
            return new Token(Token.Kind.COLON, ":", start);
        }
        if (isIdentStart(c)) {
            while (pos < in.length() && isIdentChar(in.charAt(pos))) {
                pos++;
            }
            return new Token(Token.Kind.IDENT, in.substring(start, pos), start);
        }
        pos++;
        Token.Kind k = switch (c) {
            case '(' -> Token.Kind.LPAREN;
            case ')' -> Token.Kind.RPAREN;
            case '{' -> Token.Kind.LBRACE;
            case '}' -> Token.Kind.RBRACE;
            case '[' -> {
                brackets++;
                yield Token.Kind.LBRACKET;
            }
            case ']' -> {
                brackets--;
                yield Token.Kind.RBRACKET;
            }
            case ',' -> Token.Kind.COMMA;
            case ':' -> Token.Kind.COLON;
            case '@' -> Token.Kind.AT;
            case '+' -> Token.Kind.ADD;
            case '-' -> Token.Kind.SUB;
            case '*' -> Token.Kind.MUL;
            case '/' -> Token.Kind.DIV;
            case '%' -> Token.Kind.MOD;
            case '^' -> Token.Kind.POW;
            case '=' -> accept('=') ? Token.Kind.EQL : accept('~') ? Token.Kind.EQL_REGEX : Token.Kind.ASSIGN;
            case '!' -> accept('=') ? Token.Kind.NEQ : accept('~') ? Token.Kind.NEQ_REGEX : null;
            case '<' -> accept('=') ? Token.Kind.LTE : Token.Kind.LSS;
            case '>' -> accept('=') ? Token.Kind.GTE : Token.Kind.GTR;
            default -> null;
        };
        if (k == null) {
            throw new ParseException(start, "unexpected character: '" + c + "'");
        }
        return new Token(k, in.substring(start, pos), start);
    }

    private boolean accept(char c) {
        if (pos < in.length() && in.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void skipSpaceAndComments() {
        while (pos < in.length()) {
            char c = in.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '#') {
                while (pos < in.length() && in.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    /** A number, or a duration when unit letters follow the digits ({@code 5m}, {@code 1h30m}). */
    private Token number() {
        int start = pos;
        if (in.startsWith("0x", pos) || in.startsWith("0X", pos)) {
            pos += 2;
            while (pos < in.length() && Character.digit(in.charAt(pos), 16) >= 0) {
                pos++;
            }
            return new Token(Token.Kind.NUMBER, in.substring(start, pos), start);
        }
        while (pos < in.length() && Character.isDigit(in.charAt(pos))) {
            pos++;
        }
        if (pos < in.length() && isDurationUnitStart(pos)) {
            while (pos < in.length() && (Character.isDigit(in.charAt(pos)) || isDurationUnitStart(pos))) {
                pos += in.startsWith("ms", pos) ? 2 : 1;
            }
            return new Token(Token.Kind.DURATION, in.substring(start, pos), start);
        }
        if (pos < in.length() && in.charAt(pos) == '.') {
            pos++;
            while (pos < in.length() && Character.isDigit(in.charAt(pos))) {
                pos++;
            }
        }
        if (pos < in.length() && (in.charAt(pos) == 'e' || in.charAt(pos) == 'E')) {
            int save = pos;
            pos++;
            if (pos < in.length() && (in.charAt(pos) == '+' || in.charAt(pos) == '-')) {
                pos++;
            }
            if (pos < in.length() && Character.isDigit(in.charAt(pos))) {
                while (pos < in.length() && Character.isDigit(in.charAt(pos))) {
                    pos++;
                }
            } else {
                pos = save;
            }
        }
        if (pos < in.length() && isIdentChar(in.charAt(pos))) {
            throw new ParseException(start, "bad number or duration syntax: \"" + in.substring(start, pos + 1) + "\"");
        }
        return new Token(Token.Kind.NUMBER, in.substring(start, pos), start);
    }

    private boolean isDurationUnitStart(int at) {
        char c = in.charAt(at);
        if (c == 'm' && in.startsWith("ms", at)) {
            return true;
        }
        boolean unit = c == 's' || c == 'm' || c == 'h' || c == 'd' || c == 'w' || c == 'y';
        // "5m" is a duration; "5min" would be an identifier glued to a number.
        int after = at + 1;
        return unit && (after >= in.length() || !Character.isLetter(in.charAt(after)) || in.startsWith("ms", at));
    }

    private String string(char quote) {
        int start = pos;
        pos++;
        StringBuilder sb = new StringBuilder();
        while (pos < in.length()) {
            char c = in.charAt(pos++);
            if (c == quote) {
                return sb.toString();
            }
            if (c == '\\' && quote != '`') {
                sb.appendCodePoint(escape(start));
            } else if (c == '\n' && quote != '`') {
                throw new ParseException(start, "unterminated quoted string");
            } else {
                sb.append(c);
            }
        }
        throw new ParseException(start, "unterminated quoted string");
    }

    private int escape(int start) {
        if (pos >= in.length()) {
            throw new ParseException(start, "unterminated quoted string");
        }
        char c = in.charAt(pos++);
        return switch (c) {
            case 'a' -> 7;
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'v' -> 11;
            case '\\', '\'', '"', '`' -> c;
            case 'x' -> hex(2, start);
            case 'u' -> hex(4, start);
            case 'U' -> hex(8, start);
            default -> {
                if (c >= '0' && c <= '7' && pos + 1 < in.length()) {
                    int v = Integer.parseInt(in.substring(pos - 1, pos + 2), 8);
                    pos += 2;
                    yield v;
                }
                throw new ParseException(pos - 2, "unknown escape sequence '\\" + c + "'");
            }
        };
    }

    private int hex(int n, int start) {
        if (pos + n > in.length()) {
            throw new ParseException(start, "unterminated escape sequence");
        }
        int v = Integer.parseInt(in.substring(pos, pos + n), 16);
        pos += n;
        return v;
    }

    static boolean isIdentStart(char c) {
        return c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isIdentChar(char c) {
        return isIdentStart(c) || (c >= '0' && c <= '9');
    }
}
