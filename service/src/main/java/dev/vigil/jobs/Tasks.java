package dev.vigil.jobs;

import java.util.Map;
import java.util.function.Consumer;

/** The work Quartz and the node ticks can trigger, by name: each takes an optional argument (a rule group's key). */
public final class Tasks {
    public static final String ESCALATE = "escalate";
    public static final String NOTICES = "notices";
    public static final String HANDOFFS = "handoffs";
    public static final String RELEASES = "releases";
    public static final String RULE_GROUP = "rule-group";
    public static final String ALERT_EXPIRY = "alert-expiry";
    public static final String SERIES_SWEEP = "series-sweep";

    private final Map<String, Consumer<String>> byName;

    public Tasks(Map<String, Consumer<String>> byName) {
        this.byName = Map.copyOf(byName);
    }

    void run(String name, String argument) {
        Consumer<String> task = byName.get(name);
        if (task == null) {
            throw new IllegalStateException("no task named " + name);
        }
        task.accept(argument);
    }
}
