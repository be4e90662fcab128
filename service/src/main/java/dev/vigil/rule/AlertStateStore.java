package dev.vigil.rule;

import java.util.List;
import java.util.Map;

/** Where rule alert states are kept across restarts. */
public interface AlertStateStore {
    /** Replaces the stored alerts of one rule of one group. */
    void save(String groupKey, String ruleName, List<ActiveAlert> alerts);

    /** The stored alerts of every rule of a group, by rule name. */
    Map<String, List<ActiveAlert>> load(String groupKey);

    /** {@code store}, written only when a rule's alerts change in what a restart needs ({@link ChangedStatesOnly}). */
    static AlertStateStore changesOnly(AlertStateStore store) {
        return new ChangedStatesOnly(store);
    }

    /** A store in this JVM's memory: what several evaluators (nodes, or one before and after a restart) share. */
    static AlertStateStore inMemory() {
        Map<String, Map<String, List<ActiveAlert>>> byGroup = new java.util.concurrent.ConcurrentHashMap<>();
        return new AlertStateStore() {
            @Override
            public void save(String groupKey, String ruleName, List<ActiveAlert> alerts) {
                byGroup.computeIfAbsent(groupKey, k -> new java.util.concurrent.ConcurrentHashMap<>())
                        .put(ruleName, List.copyOf(alerts));
            }

            @Override
            public Map<String, List<ActiveAlert>> load(String groupKey) {
                return Map.copyOf(byGroup.getOrDefault(groupKey, Map.of()));
            }
        };
    }

    /** A store that keeps nothing, for promtool-style unit tests. */
    AlertStateStore NONE = new AlertStateStore() {
        @Override
        public void save(String groupKey, String ruleName, List<ActiveAlert> alerts) {
        }

        @Override
        public Map<String, List<ActiveAlert>> load(String groupKey) {
            return Map.of();
        }
    };
}
