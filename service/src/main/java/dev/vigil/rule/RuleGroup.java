package dev.vigil.rule;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A group of rules evaluated together, in order, every {@code interval} (the global default when empty). */
public record RuleGroup(String name, String file, Optional<Duration> interval, int limit, Map<String, String> labels,
                        List<Rule> rules) {
    public RuleGroup {
        labels = Map.copyOf(labels);
        rules = List.copyOf(rules);
    }
}
