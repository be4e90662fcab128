package dev.vigil.rule;

import dev.vigil.label.Labels;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a rule's alerts only when what a restart or another node needs from them changed: which alerts there are
 * and their state and times. A rule evaluated every 15 s with no alerts, or with the same alerts firing, writes
 * nothing; before this, every alerting rule took a transaction at every evaluation (a third of the rule groups' CPU
 * in {@code bench/rules.sh}).
 *
 * <p>An alert's value and annotations change at every evaluation and are not part of that: they are stored as they
 * were at the last change of state, and the first evaluation after a restart (or after another node takes the
 * group over) computes them again before anything is sent, as Prometheus's restored alerts get theirs. What the
 * store holds is known from the last read of the group and the writes since: in a cluster each run reads the stored
 * states first, so a write another node made since is what this node compares with. A group never read is written
 * every time, as nothing is known of it.
 */
final class ChangedStatesOnly implements AlertStateStore {
    private final AlertStateStore store;
    /** By group read: what the store holds for each rule (a rule missing holds nothing). */
    private final Map<String, Map<String, List<Restorable>>> known = new ConcurrentHashMap<>();

    ChangedStatesOnly(AlertStateStore store) {
        this.store = store;
    }

    /** What of an alert a restart needs: all of it but its value and annotations. */
    private record Restorable(Labels labels, AlertState state, long activeAt, Optional<Long> firedAt,
                              Optional<Long> resolvedAt, Optional<Long> keepFiringSince) {
        static List<Restorable> of(List<ActiveAlert> alerts) {
            return alerts.stream().map(a -> new Restorable(a.labels(), a.state(), a.activeAt(), a.firedAt(),
                    a.resolvedAt(), a.keepFiringSince())).toList();
        }
    }

    @Override
    public void save(String groupKey, String ruleName, List<ActiveAlert> alerts) {
        List<Restorable> next = Restorable.of(alerts);
        Map<String, List<Restorable>> group = known.get(groupKey);
        if (group != null && next.equals(group.getOrDefault(ruleName, List.of()))) {
            return;
        }
        store.save(groupKey, ruleName, alerts);
        if (group != null) {
            group.put(ruleName, next);
        }
    }

    @Override
    public Map<String, List<ActiveAlert>> load(String groupKey) {
        Map<String, List<ActiveAlert>> stored = store.load(groupKey);
        Map<String, List<Restorable>> group = new ConcurrentHashMap<>();
        stored.forEach((rule, alerts) -> group.put(rule, Restorable.of(alerts)));
        known.put(groupKey, group);
        return stored;
    }
}
