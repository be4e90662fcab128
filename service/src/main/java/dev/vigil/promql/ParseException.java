package dev.vigil.promql;

/** A PromQL expression that does not parse or type-check; {@code position} is a 0-based offset into it. */
public final class ParseException extends RuntimeException {
    private final int position;
    private final String detail;

    public ParseException(int position, String detail) {
        super("parse error at char " + (position + 1) + ": " + detail);
        this.position = position;
        this.detail = detail;
    }

    public int position() {
        return position;
    }

    public String detail() {
        return detail;
    }
}
