package dev.vigil.probe;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertSink;
import dev.vigil.label.Labels;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a probe by name: checks it, keeps its latest result for /metrics, and turns its {@code alert:}
 * shortcut into {@code ProbeFailed} alerts for the pipeline.
 */
public final class ProbeRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ProbeRunner.class);

    private final Function<String, Optional<ProbeSpec>> specs;
    private final Probers probers;
    private final AlertSink alerts;
    private final InstantSource clock;
    private final Map<String, ProbeResult> latest = new ConcurrentHashMap<>();
    private final Map<String, java.time.Instant> since = new ConcurrentHashMap<>();
    private final ProbeStateStore states;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Executor executor;
    private final Consumer<ProbeResult> observer;

    /**
     * {@code executor} runs the checks, off the scheduler's threads, so slow targets never delay pages;
     * {@code states} keeps each probe's {@code for:} count between runs.
     */
    public ProbeRunner(Function<String, Optional<ProbeSpec>> specs, Probers probers, AlertSink alerts,
                       ProbeStateStore states, InstantSource clock, Executor executor, Consumer<ProbeResult> observer) {
        this.states = states;
        this.executor = executor;
        this.observer = observer;
        this.specs = specs;
        this.probers = probers;
        this.alerts = alerts;
        this.clock = clock;
    }

    /**
     * Starts a run of the named probe on the executor and returns at once; returns false (and starts
     * nothing) while the previous run of the same probe is still going, so a slow target is never
     * probed by two runs at a time.
     */
    public boolean submit(String name) {
        return submit(name, () -> { });
    }

    /** {@link #submit(String)}, telling {@code started} when the run begins on the executor. */
    public boolean submit(String name, Runnable started) {
        if (!inFlight.add(name)) {
            LOG.debug("probe {} is still running; skipping this run", name);
            return false;
        }
        try {
            executor.execute(() -> {
                try {
                    started.run();
                    run(name);
                } catch (RuntimeException e) {
                    LOG.error("probe {} failed to run", name, e);
                } finally {
                    inFlight.remove(name);
                }
            });
            return true;
        } catch (RuntimeException e) {
            inFlight.remove(name);
            throw e;
        }
    }

    /** Runs the named probe once, on the caller's thread; a name no longer declared is forgotten. */
    public Optional<ProbeResult> run(String name) {
        Optional<ProbeSpec> spec = specs.apply(name);
        if (spec.isEmpty()) {
            latest.remove(name);
            since.remove(name);
            states.forget(name);
            return Optional.empty();
        }
        Observation observed = probers.probe(spec.get().target(), spec.get().timeout());
        ProbeResult result = ProbeResult.evaluate(spec.get(), observed, clock.instant());
        ProbeResult before = latest.put(name, result);
        if (before == null || before.success() != result.success()) {
            since.put(name, result.at());
        }
        observer.accept(result);
        if (!result.success()) {
            LOG.info("probe {} failed: {}", name, String.join("; ", result.failures()));
        }
        spec.get().alert().ifPresent(a -> alert(result, a));
        return Optional.of(result);
    }

    private void alert(ProbeResult r, ProbeAlertSpec a) {
        String name = r.spec().name();
        ProbeAlertState before = states.load(name).orElse(ProbeAlertState.INITIAL);
        ProbeAlertState.Step step = before.next(r.success(), r.at(), a.forDuration());
        step.emit().ifPresent(state -> alerts.receive(alert(r, a, state)));
        if (!step.state().equals(before)) {
            states.save(name, step.state());
        }
    }

    static Alert alert(ProbeResult r, ProbeAlertSpec a, Alert.State state) {
        Labels labels = Labels.of(r.spec().labels()).with(Labels.of("alertname", "ProbeFailed",
                "probe", r.spec().name(), "severity", a.severity()));
        Map<String, String> annotations = new HashMap<>();
        annotations.put("summary", "Probe " + r.spec().name() + " is failing");
        if (!r.failures().isEmpty()) {
            annotations.put("description", r.spec().target().describe() + ": " + String.join("; ", r.failures()));
        }
        if (!a.runbook().isEmpty()) {
            annotations.put("runbook", a.runbook());
        }
        return new Alert(labels, annotations, state, r.at());
    }

    /** Since when each probe that has run has been succeeding (or failing), as this process saw it. */
    public Map<String, java.time.Instant> since() {
        return Map.copyOf(since);
    }

    /** The latest result of every probe that has run. */
    public Map<String, ProbeResult> latest() {
        return Map.copyOf(latest);
    }

}
