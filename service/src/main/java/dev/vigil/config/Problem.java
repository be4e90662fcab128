package dev.vigil.config;

import java.util.Comparator;

/** One thing wrong (or doubtful) in a file under rules/ or runbooks/, at a 1-based line and column (0 when the problem is the whole file or folder). */
public record Problem(String file, int line, int col, Severity severity, String message) {

    /** Errors stop a load; warnings are printed and allow it. */
    public enum Severity { ERROR, WARNING }

    public static final Comparator<Problem> ORDER = Comparator.comparing(Problem::file)
            .thenComparingInt(Problem::line).thenComparingInt(Problem::col).thenComparing(Problem::message);

    /** {@code file:line:col: message}, with {@code warning: } before a warning's message. */
    @Override
    public String toString() {
        String where = line > 0 ? file + ":" + line + ":" + col : file;
        return where + ": " + (severity == Severity.WARNING ? "warning: " : "") + message;
    }
}
