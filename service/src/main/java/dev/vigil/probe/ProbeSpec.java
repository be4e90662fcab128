package dev.vigil.probe;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A declared probe (SPEC §3.2): what to check, how often, and which conditions make it a success. */
public record ProbeSpec(String name, ProbeTarget target, Duration interval, Duration timeout,
                        List<Condition> conditions, Map<String, String> labels, Optional<ProbeAlertSpec> alert) {
    public ProbeSpec {
        conditions = List.copyOf(conditions);
        labels = Map.copyOf(labels);
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("interval: " + interval + " (expected: > 0)");
        }
    }

    public String type() {
        return target.type();
    }
}
