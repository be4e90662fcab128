package dev.vigil.rule;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertSink;
import dev.vigil.promql.SeriesStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rule groups of the running service: evaluates a group when its timer fires and hands firing and
 * resolved alerts to the pipeline, so a rule pages exactly as a failing probe does.
 */
public final class RuleManager {
    private static final Logger LOG = LoggerFactory.getLogger(RuleManager.class);

    private final SeriesStore store;
    private final Map<String, String> externalLabels;
    private final String externalUrl;
    private final AlertSink sink;
    private final InstantSource clock;
    private final Duration defaultInterval;
    private final AlertStateStore states;
    private final boolean shared;
    private final java.util.function.Function<RuleGroup, RuleQuerier> querierFor;
    private final Map<String, GroupStatus> groups = new LinkedHashMap<>();

    /** A group's evaluator and what its last evaluation said. */
    public static final class GroupStatus {
        final GroupEvaluator evaluator;
        final Duration interval;
        volatile List<GroupEvaluator.RuleResult> lastResults = List.of();
        volatile Optional<Instant> lastEvaluation = Optional.empty();
        volatile long lastDurationNanos;
        volatile long evaluations;
        volatile long failures;
        volatile long missed;

        GroupStatus(GroupEvaluator evaluator, Duration interval) {
            this.evaluator = evaluator;
            this.interval = interval;
        }

        public RuleGroup group() {
            return evaluator.group();
        }

        public GroupEvaluator evaluator() {
            return evaluator;
        }

        public Duration interval() {
            return interval;
        }

        public List<GroupEvaluator.RuleResult> lastResults() {
            return lastResults;
        }

        public Optional<Instant> lastEvaluation() {
            return lastEvaluation;
        }

        public double lastDurationSeconds() {
            return lastDurationNanos / 1e9;
        }

        public long evaluations() {
            return evaluations;
        }

        public long failures() {
            return failures;
        }

        /** Evaluations that should have run but did not (Prometheus's rule_group_iterations_missed_total). */
        public long missed() {
            return missed;
        }
    }

    /** {@code shared}: nodes of a cluster take turns evaluating each group, so each run starts from the stored state. */
    public RuleManager(SeriesStore store, Map<String, String> externalLabels, String externalUrl,
                       AlertSink sink, InstantSource clock, Duration defaultInterval, AlertStateStore states,
                       boolean shared, java.util.function.Function<RuleGroup, RuleQuerier> querierFor) {
        this.states = states;
        this.shared = shared;
        this.querierFor = querierFor;
        this.store = store;
        this.externalLabels = Map.copyOf(externalLabels);
        this.externalUrl = externalUrl;
        this.sink = sink;
        this.clock = clock;
        this.defaultInterval = defaultInterval;
    }

    /** The key a group is scheduled and shown by: its file and name. */
    public static String key(RuleGroup g) {
        return g.file() + ":" + g.name();
    }

    /** Takes a new set of groups; a group whose rules did not change keeps its alerts' state. */
    public synchronized void load(List<RuleGroup> next) {
        Map<String, GroupStatus> updated = new LinkedHashMap<>();
        for (RuleGroup g : next) {
            GroupStatus old = groups.get(key(g));
            if (old != null && old.group().equals(g)) {
                updated.put(key(g), old);
            } else {
                updated.put(key(g), new GroupStatus(new GroupEvaluator(g, store, querierFor.apply(g), externalLabels,
                        externalUrl, states, key(g), shared),
                        g.interval().orElse(defaultInterval)));
            }
        }
        groups.clear();
        groups.putAll(updated);
    }

    /** How often each of {@code next} would be evaluated, by key, without taking them. */
    public Map<String, Duration> intervalsOf(List<RuleGroup> next) {
        Map<String, Duration> out = new LinkedHashMap<>();
        next.forEach(g -> out.put(key(g), g.interval().orElse(defaultInterval)));
        return out;
    }

    public synchronized Map<String, Duration> intervals() {
        Map<String, Duration> out = new LinkedHashMap<>();
        groups.forEach((k, s) -> out.put(k, s.interval));
        return out;
    }

    public synchronized List<GroupStatus> status() {
        return List.copyOf(groups.values());
    }

    /** Evaluates the group now and sends its firing and recently resolved alerts; an unknown key is ignored. */
    public void evaluate(String key) {
        GroupStatus s;
        synchronized (this) {
            s = groups.get(key);
        }
        if (s == null) {
            return;
        }
        Instant now = clock.instant();
        long ts = now.toEpochMilli();
        // As Prometheus: a gap of n intervals since the last run is n - 1 missed runs. In a cluster the nodes take
        // turns, so a node's own gaps say nothing and are not counted.
        if (!shared && s.lastEvaluation.isPresent() && !s.interval.isZero()) {
            long gaps = Duration.between(s.lastEvaluation.get(), now).toMillis() / s.interval.toMillis() - 1;
            if (gaps > 0) {
                s.missed += gaps;
            }
        }
        long start = System.nanoTime();
        List<GroupEvaluator.RuleResult> results = s.evaluator.eval(ts);
        s.lastDurationNanos = System.nanoTime() - start;
        s.lastResults = results;
        s.lastEvaluation = Optional.of(now);
        s.evaluations++;
        for (GroupEvaluator.RuleResult r : results) {
            if (r.error().isPresent()) {
                s.failures++;
                LOG.warn("rule {} in group {} failed: {}", r.rule().name(), key, r.error().get());
                continue;
            }
            s.evaluator.alertState(r.rule()).ifPresent(state -> send(state, ts, now));
        }
    }

    private void send(AlertingRuleState state, long ts, Instant now) {
        List<Alert> out = new ArrayList<>();
        for (ActiveAlert a : state.alerts()) {
            if (a.state() == AlertState.FIRING) {
                out.add(new Alert(a.labels(), a.annotations(), Alert.State.FIRING, now));
            } else if (a.state() == AlertState.INACTIVE && a.firedAt().isPresent() && a.resolvedAt().isPresent()) {
                // Sent at every evaluation while retained (15 minutes), as Prometheus resends resolved alerts to
                // Alertmanager: one hand-off that failed must not leave the incident open for ever.
                out.add(new Alert(a.labels(), a.annotations(), Alert.State.RESOLVED, now));
            }
        }
        for (Alert a : out) {
            try {
                sink.receive(a);
            } catch (RuntimeException e) {
                // One alert the pipeline could not take must not stop the others; it is sent again next round.
                LOG.error("alert {} could not be delivered to the pipeline", a.labels(), e);
            }
        }
    }

    /** Labels of every alert currently pending or firing, for /api/v1/alerts. */
    public List<ActiveAlert> activeAlerts() {
        List<ActiveAlert> out = new ArrayList<>();
        for (GroupStatus s : status()) {
            for (Rule r : s.group().rules()) {
                s.evaluator.alertState(r).ifPresent(st -> st.alerts().stream()
                        .filter(a -> a.state() != AlertState.INACTIVE).forEach(out::add));
            }
        }
        return out;
    }

}
