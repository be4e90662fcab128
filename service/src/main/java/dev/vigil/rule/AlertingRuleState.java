package dev.vigil.rule;

import dev.vigil.label.Labels;
import dev.vigil.promql.EvalException;
import dev.vigil.promql.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The alerts of one alerting rule and their transitions at each evaluation, as Prometheus 2.42's
 * AlertingRule.Eval makes them: new label sets start pending, fire after {@code for}, stay firing for
 * {@code keep_firing_for} after they stop matching, and are kept resolved for 15 minutes.
 */
public final class AlertingRuleState {
    static final long RESOLVED_RETENTION_MS = 15 * 60 * 1000;
    /** How long alerts restored after a restart wait for their label set to appear again (Prometheus's default). */
    static final long OUTAGE_TOLERANCE_MS = 60 * 60 * 1000;

    private final Rule.Alerting rule;
    private final Map<Labels, ActiveAlert> active = new LinkedHashMap<>();
    /** Alerts stored before a restart that no evaluation has matched yet, and until when they may be. */
    private final Map<Labels, ActiveAlert> restored = new LinkedHashMap<>();
    private long restoredUntil = Long.MAX_VALUE;

    public AlertingRuleState(Rule.Alerting rule) {
        this.rule = rule;
    }

    public Rule.Alerting rule() {
        return rule;
    }

    /** Expands a rule's labels and annotations for one result sample. */
    public interface Expander {
        String expand(String template, Labels sampleLabels, double value);
    }

    /**
     * Applies one evaluation result at {@code ts}; returns the {@code ALERTS} and {@code ALERTS_FOR_STATE}
     * samples to write. Throws when the alert labels collide or the group's limit is exceeded.
     */
    public synchronized List<Value.Sample> eval(List<Value.Sample> result, long ts, Expander expander, int limit) {
        Map<Labels, ActiveAlert> current = new LinkedHashMap<>();
        for (Value.Sample s : result) {
            Labels metric = s.labels().with("__name__", "");
            Map<String, String> labels = new java.util.TreeMap<>(metric.asMap());
            rule.labels().forEach((k, v) -> labels.put(k, expander.expand(v, metric, s.value())));
            labels.put("alertname", rule.name());
            Map<String, String> annotations = new java.util.TreeMap<>();
            rule.annotations().forEach((k, v) -> annotations.put(k, expander.expand(v, metric, s.value())));
            Labels key = Labels.of(labels);
            if (current.containsKey(key)) {
                throw new EvalException("vector contains metrics with the same labelset after applying alert labels");
            }
            current.put(key, new ActiveAlert(key, annotations, AlertState.PENDING, s.value(), ts, Optional.empty(),
                    Optional.empty(), Optional.empty()));
        }
        if (ts > restoredUntil) {
            restored.clear();
        } else if (restoredUntil == Long.MAX_VALUE) {
            restoredUntil = ts + OUTAGE_TOLERANCE_MS;
        }
        current.forEach((key, a) -> {
            ActiveAlert old = active.containsKey(key) ? active.get(key) : restored.remove(key);
            if (old != null && old.state() != AlertState.INACTIVE) {
                active.put(key, new ActiveAlert(old.labels(), a.annotations(), old.state(), a.value(), old.activeAt(),
                        old.firedAt(), old.resolvedAt(), old.keepFiringSince()));
            } else {
                active.put(key, a);
            }
        });
        List<Value.Sample> out = new ArrayList<>();
        int activePending = 0;
        for (Labels key : new ArrayList<>(active.keySet())) {
            ActiveAlert a = active.get(key);
            if (!current.containsKey(key)) {
                boolean keepFiring = false;
                if (a.state() == AlertState.FIRING && rule.keepFiringFor().toMillis() > 0) {
                    long since = a.keepFiringSince().orElse(ts);
                    a = a.with(a.state(), a.firedAt(), a.resolvedAt(), Optional.of(since));
                    keepFiring = ts - since < rule.keepFiringFor().toMillis();
                }
                if (a.state() == AlertState.PENDING
                        || a.resolvedAt().map(r -> ts - r > RESOLVED_RETENTION_MS).orElse(false)) {
                    active.remove(key);
                } else {
                    active.put(key, a);
                }
                if (a.state() != AlertState.INACTIVE && !keepFiring) {
                    ActiveAlert resolved = a.with(AlertState.INACTIVE, a.firedAt(), Optional.of(ts), a.keepFiringSince());
                    if (active.containsKey(key)) {
                        active.put(key, resolved);
                    }
                }
                if (!keepFiring) {
                    continue;
                }
            } else {
                a = a.with(a.state(), a.firedAt(), a.resolvedAt(), Optional.empty());
            }
            activePending++;
            if (a.state() == AlertState.PENDING && ts - a.activeAt() >= rule.forDuration().toMillis()) {
                a = a.with(AlertState.FIRING, Optional.of(ts), a.resolvedAt(), a.keepFiringSince());
            }
            active.put(key, a);
            out.add(new Value.Sample(key.with("__name__", "ALERTS").with("alertstate", a.state().apiName()), 1, ts));
            out.add(new Value.Sample(key.with("__name__", "ALERTS_FOR_STATE"), a.activeAt() / 1000.0, ts));
        }
        if (limit > 0 && activePending > limit) {
            active.clear();
            throw new EvalException("exceeded limit of " + limit + " with " + activePending + " alerts");
        }
        return out;
    }

    /**
     * Takes back the alerts stored before a restart. Each waits (up to an hour) for its label set to appear
     * in a result again, and then continues as it was: {@code for} counts from when it really began, and a
     * firing alert stays firing. Until then it is neither shown nor sent.
     */
    public synchronized void restore(List<ActiveAlert> alerts) {
        restored.clear();
        alerts.stream().filter(a -> a.state() != AlertState.INACTIVE).forEach(a -> restored.put(a.labels(), a));
    }

    /**
     * Takes the stored alerts as this state's own, for a group that several nodes take turns evaluating: the
     * stored ones are the newest, written by the node that evaluated last. Alerts still waiting to be matched
     * again after this node's start (see {@link #restore}) keep waiting.
     */
    public synchronized void adopt(List<ActiveAlert> stored) {
        active.clear();
        stored.stream().filter(a -> !restored.containsKey(a.labels())).forEach(a -> active.put(a.labels(), a));
    }

    /** What to keep across a restart: the alerts now, and restored ones not yet matched again. */
    public synchronized List<ActiveAlert> persistable() {
        List<ActiveAlert> out = new ArrayList<>(active.values());
        restored.values().stream().filter(a -> !active.containsKey(a.labels())).forEach(out::add);
        return out;
    }

    /** The rule's alerts now: pending, firing, and resolved ones still retained. */
    public synchronized List<ActiveAlert> alerts() {
        return List.copyOf(active.values());
    }
}
