package dev.vigil.config;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when rules/ has errors: its message is the whole report, one {@code file:line:col: message} a line. */
public final class RulesInvalidException extends StartupRefusedException {
    private final List<Problem> problems;

    public RulesInvalidException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n"))
                + "\n" + count(problems) + " in rules/: Vigil did not start");
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    static String count(List<Problem> problems) {
        long errors = problems.stream().filter(p -> p.severity() == Problem.Severity.ERROR).count();
        return errors + (errors == 1 ? " error" : " errors");
    }
}
