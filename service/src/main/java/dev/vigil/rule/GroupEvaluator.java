package dev.vigil.rule;

import dev.vigil.label.Labels;
import dev.vigil.promql.EvalException;
import dev.vigil.promql.Evaluator;
import dev.vigil.promql.Parser;
import dev.vigil.promql.SeriesStore;
import dev.vigil.promql.Staleness;
import dev.vigil.promql.Value;
import dev.vigil.template.AlertTemplates;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Evaluates one rule group at an instant, as a Prometheus rule group does: each rule in order, results
 * written back to the store (recording series, ALERTS), staleness markers for series a rule stopped producing.
 */
public final class GroupEvaluator {
    private final RuleGroup group;
    private final SeriesStore store;
    private final RuleQuerier engine;
    private final Map<String, String> externalLabels;
    private final String externalUrl;
    private final Map<Rule, AlertingRuleState> alertStates = new HashMap<>();
    /** The name each alerting rule's state is stored under: its name, then "name#2", "name#3" for repeats. */
    private final Map<Rule, String> storedAs = new HashMap<>();
    private final Map<Integer, Set<Labels>> previous = new HashMap<>();
    private final AlertStateStore states;
    private final String key;
    private final boolean shared;

    /** The outcome of one rule's evaluation: empty error when it worked. */
    public record RuleResult(Rule rule, Optional<String> error, long durationNanos) {
    }

    public GroupEvaluator(RuleGroup group, SeriesStore store, Evaluator engine, Map<String, String> externalLabels,
                          String externalUrl) {
        this(group, store, RuleQuerier.embedded(engine), externalLabels, externalUrl, AlertStateStore.NONE, "", false);
    }

    /**
     * An evaluator whose alert states are restored from {@code states} under {@code key} and saved after each run.
     * When {@code shared} (several nodes take turns evaluating the group), each run first takes the stored states,
     * which the node that evaluated last wrote, so every node carries on one count.
     */
    public GroupEvaluator(RuleGroup group, SeriesStore store, RuleQuerier engine, Map<String, String> externalLabels,
                          String externalUrl, AlertStateStore states, String key, boolean shared) {
        this.states = states;
        this.key = key;
        this.shared = shared;
        this.group = group;
        this.store = store;
        this.engine = engine;
        this.externalLabels = Map.copyOf(externalLabels);
        this.externalUrl = externalUrl;
        Map<String, Integer> seen = new HashMap<>();
        for (Rule r : group.rules()) {
            if (r instanceof Rule.Alerting a) {
                alertStates.put(r, new AlertingRuleState(withGroupLabels(a)));
                int n = seen.merge(r.name(), 1, Integer::sum);
                storedAs.put(r, n == 1 ? r.name() : r.name() + "#" + n);
            }
        }
        Map<String, List<ActiveAlert>> stored = states.load(key);
        alertStates.forEach((r, st) -> st.restore(stored.getOrDefault(storedAs.get(r), List.of())));
    }

    private Rule.Alerting withGroupLabels(Rule.Alerting a) {
        Map<String, String> labels = new HashMap<>(group.labels());
        labels.putAll(a.labels());
        return new Rule.Alerting(a.name(), a.expr(), a.exprText(), a.forDuration(), a.keepFiringFor(), labels,
                a.annotations());
    }

    public RuleGroup group() {
        return group;
    }

    public Optional<AlertingRuleState> alertState(Rule r) {
        return Optional.ofNullable(alertStates.get(r));
    }

    /** Evaluates every rule at {@code ts} (milliseconds). */
    public synchronized List<RuleResult> eval(long ts) {
        if (shared) {
            Map<String, List<ActiveAlert>> stored = states.load(key);
            alertStates.forEach((r, st) -> st.adopt(stored.getOrDefault(storedAs.get(r), List.of())));
        }
        List<RuleResult> results = new ArrayList<>();
        for (int i = 0; i < group.rules().size(); i++) {
            Rule rule = group.rules().get(i);
            long start = System.nanoTime();
            List<Value.Sample> out = new ArrayList<>();
            Optional<String> error = Optional.empty();
            try {
                List<Value.Sample> result = query(rule, ts);
                if (rule instanceof Rule.Recording rec) {
                    out = record(rec, result, ts);
                } else {
                    out = alertStates.get(rule).eval(result, ts, (t, labels, value) -> expand(rule, t, labels, value, ts),
                            group.limit());
                }
            } catch (EvalException e) {
                error = Optional.of(e.getMessage());
            }
            Set<Labels> now = new HashSet<>();
            for (Value.Sample s : out) {
                store.append(s.labels(), ts, s.value());
                now.add(s.labels());
            }
            if (error.isEmpty()) {
                for (Labels gone : previous.getOrDefault(i, Set.of())) {
                    if (!now.contains(gone)) {
                        store.append(gone, ts, Staleness.STALE_NAN);
                    }
                }
                previous.put(i, now);
            }
            if (error.isEmpty() && alertStates.containsKey(rule)) {
                states.save(key, storedAs.get(rule), alertStates.get(rule).persistable());
            }
            results.add(new RuleResult(rule, error, System.nanoTime() - start));
        }
        return results;
    }

    private List<Value.Sample> query(Rule rule, long ts) {
        Value v = engine.query(rule.exprText(), rule.expr(), ts);
        if (v instanceof Value.Scalar s) {
            return List.of(new Value.Sample(Labels.empty(), s.value(), ts));
        }
        if (v instanceof Value.Vector vec) {
            return vec.samples();
        }
        throw new EvalException("rule result is not a vector or scalar");
    }

    private List<Value.Sample> record(Rule.Recording rec, List<Value.Sample> result, long ts) {
        List<Value.Sample> out = new ArrayList<>();
        Set<Labels> seen = new HashSet<>();
        for (Value.Sample s : result) {
            Labels l = s.labels().with("__name__", rec.name());
            for (Map.Entry<String, String> e : group.labels().entrySet()) {
                l = l.with(e.getKey(), e.getValue());
            }
            for (Map.Entry<String, String> e : rec.labels().entrySet()) {
                l = l.with(e.getKey(), e.getValue());
            }
            if (!seen.add(l)) {
                throw new EvalException("vector contains metrics with the same labelset after applying rule labels");
            }
            out.add(new Value.Sample(l, s.value(), ts));
        }
        return out;
    }

    private String expand(Rule rule, String template, Labels labels, double value, long ts) {
        return AlertTemplates.expand("__alert_" + rule.name(), template, labels.asMap(), value, externalLabels,
                externalUrl, q -> {
                    List<Map<String, Object>> samples = new ArrayList<>();
                    for (Value.Sample s : query(new Rule.Recording("query", Parser.parse(q), q, Map.of()), ts)) {
                        samples.add(AlertTemplates.sample(s.labels().asMap(), s.value()));
                    }
                    return samples;
                });
    }
}
