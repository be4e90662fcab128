package dev.vigil.probe;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of a probe: whether it succeeded, what it observed, each condition's result, and why it failed. A run
 * whose check failed (not connected, timed out, the query failed, a heartbeat overdue) fails with that reason,
 * unless a condition asks about {@code [CONNECTED]} itself (a port that must stay closed).
 */
public record ProbeResult(ProbeSpec spec, boolean success, Observation observation, List<ConditionResult> conditions,
                          List<String> failures, Instant at) {
    /** One condition's result: the condition, whether it held, what was observed. */
    public record ConditionResult(String condition, boolean success, String observed) {
    }

    public ProbeResult {
        conditions = List.copyOf(conditions);
        failures = List.copyOf(failures);
    }

    /** Evaluates the spec's conditions against what one run observed. */
    public static ProbeResult evaluate(ProbeSpec spec, Observation o, Instant at) {
        List<ConditionResult> results = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        boolean asksConnected = false;
        for (Condition c : spec.conditions()) {
            Condition.Check check = c.check(o, at);
            results.add(new ConditionResult(c.text(), check.holds(), check.observed()));
            if (!check.holds()) {
                failures.add(c.text() + " (got " + check.observed() + ")");
            }
            asksConnected |= c.placeholders().contains(Placeholder.CONNECTED);
        }
        // Not connecting is the answer when a condition asks [CONNECTED]; any other error fails the run.
        boolean answered = asksConnected && o.value(Placeholder.CONNECTED).orElse("").equals("false");
        if (o.error().isPresent() && (!answered || !failures.isEmpty())
                && failures.stream().noneMatch(f -> f.contains(o.error().get()))) {
            failures.add(o.error().get()); // the reason, after the conditions it made fail
        }
        if (!o.note().isEmpty() && !failures.isEmpty()) {
            failures.add(o.note());
        }
        return new ProbeResult(spec, failures.isEmpty(), o, results, failures, at);
    }
}
