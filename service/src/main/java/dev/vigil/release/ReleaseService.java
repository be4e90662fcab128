package dev.vigil.release;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertSink;
import dev.vigil.label.Labels;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Starts release runs and takes step reports; a failed step raises {@code ReleaseStepFailed} for its team. */
public final class ReleaseService {
    private final ReleaseStore store;
    private final Function<String, Optional<Pipeline>> pipelines;
    private final AlertSink alerts;
    private final InstantSource clock;
    private final SeriesSink series;

    /** Where step reports are written as series for rules: {@code vigil_release_step_status}. */
    public interface SeriesSink {
        void append(Labels labels, long t, double v);

        SeriesSink NONE = (labels, t, v) -> { };
    }

    public ReleaseService(ReleaseStore store, Function<String, Optional<Pipeline>> pipelines, AlertSink alerts,
                          InstantSource clock) {
        this(store, pipelines, alerts, clock, SeriesSink.NONE);
    }

    public ReleaseService(ReleaseStore store, Function<String, Optional<Pipeline>> pipelines, AlertSink alerts,
                          InstantSource clock, SeriesSink series) {
        this.series = series;
        this.store = store;
        this.pipelines = pipelines;
        this.alerts = alerts;
        this.clock = clock;
    }

    /** Starts a run; empty when no pipeline has that name. */
    public Optional<ReleaseRun> start(String pipeline, String version) {
        return pipelines.apply(pipeline).map(p -> store.create(p.name(), version, clock.instant()));
    }

    public Optional<Pipeline> pipeline(String name) {
        return pipelines.apply(name);
    }

    /** Every step's state in the run now (gates are not evaluated yet: a gated step that succeeded is gating). */
    public Map<String, StepPlan.View> plan(Pipeline pipeline, ReleaseRun run) {
        return StepPlan.of(pipeline, run, Map.of(), clock.instant());
    }

    public Optional<ReleaseRun> find(long runId) {
        return store.find(runId);
    }

    public Optional<Pipeline> pipelineOf(ReleaseRun run) {
        return pipelines.apply(run.pipeline());
    }

    /**
     * Records a step's report with the alert it raises or resolves, the incident that alert opens and the pages it
     * queues, in one transaction: a report that cannot be stored pages nobody, and one that was answered is whole.
     */
    public ReleaseRun report(ReleaseRun run, PipelineStep step, StepStatus status, String message, String url) {
        Instant now = clock.instant();
        StepReport previous = run.reports().get(step.id());
        ReleaseRun updated = store.atomically(() -> {
            if (status == StepStatus.FAILED) {
                alerts.receive(stepAlert(run, step, message, url, Alert.State.FIRING, now));
            } else if (previous != null && previous.status() == StepStatus.FAILED) {
                alerts.receive(stepAlert(run, step, message, url, Alert.State.RESOLVED, now));
            }
            store.report(run.id(), new StepReport(step.id(), status, message, url, now));
            return store.find(run.id()).orElseThrow();
        });
        Labels step0 = Labels.of("__name__", "vigil_release_step_status", "release", run.pipeline(),
                "run", String.valueOf(run.id()), "step", step.id(), "team", step.team());
        if (previous != null && previous.status() != status) {
            series.append(step0.with("status", previous.status().apiName()), now.toEpochMilli(),
                    dev.vigil.promql.Staleness.STALE_NAN);
        }
        series.append(step0.with("status", status.apiName()), now.toEpochMilli(), 1);
        return updated;
    }

    static Alert stepAlert(ReleaseRun run, PipelineStep step, String message, String url, Alert.State state, Instant now) {
        Labels labels = Labels.of("alertname", "ReleaseStepFailed", "release", run.pipeline(),
                "run", String.valueOf(run.id()), "step", step.id(), "team", step.team(), "severity", "page");
        Map<String, String> annotations = new HashMap<>();
        annotations.put("summary", "Release " + run.pipeline() + " " + run.version() + " (run " + run.id()
                + "): step " + step.id() + " failed");
        if (!message.isEmpty()) {
            annotations.put("description", message);
        }
        if (!url.isEmpty()) {
            annotations.put("url", url);
        }
        if (!step.runbook().isEmpty()) {
            annotations.put("runbook", step.runbook());
        }
        return new Alert(labels, annotations, state, now);
    }
}
