package dev.vigil.promql;

import java.nio.charset.StandardCharsets;

/**
 * A PromQL expression that does not parse or type-check; {@code position} is a 0-based offset into it. Its message
 * is Prometheus 2.42's: {@code 1:12: parse error: unexpected ...}, the line and the column in bytes (1-based) of
 * where the problem starts, once {@link Parser#parse} has given it the query.
 */
public final class ParseException extends RuntimeException {
    private final int position;
    private final String detail;
    private final String query;

    public ParseException(int position, String detail) {
        this(position, detail, null);
    }

    private ParseException(int position, String detail, String query) {
        super(detail);
        this.position = position;
        this.detail = detail;
        this.query = query;
    }

    /** The same problem in {@code query}, for the message's line and column. */
    ParseException in(String query) {
        return new ParseException(position, detail, query);
    }

    @Override
    public String getMessage() {
        if (query == null || position < 0 || position > query.length()) {
            return (query == null ? (position + 1) + ":" : "invalid position:") + " parse error: " + detail;
        }
        String before = query.substring(0, position);
        int line = 1 + (int) before.chars().filter(c -> c == '\n').count();
        String lastLine = before.substring(before.lastIndexOf('\n') + 1);
        int col = lastLine.getBytes(StandardCharsets.UTF_8).length + 1;
        return line + ":" + col + ": parse error: " + detail;
    }

    public int position() {
        return position;
    }

    public String detail() {
        return detail;
    }
}
