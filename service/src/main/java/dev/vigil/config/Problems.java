package dev.vigil.config;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem found while loading, so all of them can be reported at once. */
public final class Problems {
    private final List<Problem> list = new ArrayList<>();

    public void error(Position at, String message) {
        list.add(new Problem(at.file(), at.line(), at.col(), Problem.Severity.ERROR, message));
    }

    public void warning(Position at, String message) {
        list.add(new Problem(at.file(), at.line(), at.col(), Problem.Severity.WARNING, message));
    }

    public boolean hasErrors() {
        return list.stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR);
    }

    /** Every problem, sorted by file, line and column. */
    public List<Problem> sorted() {
        return list.stream().sorted(Problem.ORDER).toList();
    }
}
