package dev.vigil.rule;

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
 * store holds is known from the last write or the last read: in a cluster each run reads the stored states first, so
 * a write another node made since is what this node compares with.
 */
final class ChangedStatesOnly implements AlertStateStore {
    private final AlertStateStore store;
    private final Map<String, Map<String, List<Restorable>>> known = new ConcurrentHashMap<>();

    ChangedStatesOnly(AlertStateStore store) {
        this.store = store;
    }

    /** What of an alert a restart needs: all of it but its value and annotations. */
    private record Restorable(dev.vigil.label.Labels labels, AlertState state, long activeAt, Optional<Long> firedAt,
                              Optional<Long> resolvedAt, Optional<Long> keepFiringSince) {
        static List<Restorable> of(List<ActiveAlert> alerts) {
            return alerts.stream().map(a -> new Restorable(a.labels(), a.state(), a.activeAt(), a.firedAt(),
                    a.resolvedAt(), a.keepFiringSince())).toList();
        }
    }

    @Override
    public void save(String groupKey, String ruleName, List<ActiveAlert> alerts) {
        List<Restorable> next = Restorable.of(alerts);
        Map<String, List<Restorable>> group = known.computeIfAbsent(groupKey, k -> new ConcurrentHashMap<>());
        if (next.equals(group.get(ruleName))) {
            return;
        }
        store.save(groupKey, ruleName, alerts);
        group.put(ruleName, next);
    }

    @Override
    public Map<String, List<ActiveAlert>> load(String groupKey) {
        Map<String, List<ActiveAlert>> stored = store.load(groupKey);
        Map<String, List<Restorable>> group = new ConcurrentHashMap<>();
        stored.forEach((rule, alerts) -> group.put(rule, Restorable.of(alerts)));
        known.put(groupKey, new UnknownIsEmpty(group));
        return stored;
    }

    /** After a read, a rule the store held nothing for is known to hold nothing. */
    private static final class UnknownIsEmpty extends ConcurrentHashMap<String, List<Restorable>> {
        UnknownIsEmpty(Map<String, List<Restorable>> read) {
            super(read);
        }

        @Override
        public List<Restorable> get(Object rule) {
            List<Restorable> v = super.get(rule);
            return v == null ? List.of() : v;
        }
    }
}
