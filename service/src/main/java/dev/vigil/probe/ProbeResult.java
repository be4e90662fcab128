package dev.vigil.probe;

import java.time.Instant;
import java.util.List;

/** One run of a probe: whether every condition held, what it observed, and which conditions failed. */
public record ProbeResult(ProbeSpec spec, boolean success, ProbeOutcome outcome, List<String> failures, Instant at) {
    public ProbeResult {
        failures = List.copyOf(failures);
    }

    /** Evaluates the spec's conditions against what one request observed. */
    public static ProbeResult evaluate(ProbeSpec spec, ProbeOutcome outcome, Instant at) {
        List<String> failures = spec.conditions().stream().filter(c -> !c.holds(outcome, at))
                .map(c -> c.text() + " (got " + c.observed(outcome, at) + ")").toList();
        return new ProbeResult(spec, failures.isEmpty(), outcome, failures, at);
    }
}
