package dev.vigil.release;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertSink;
import dev.vigil.label.Labels;
import dev.vigil.notify.BoardNotice;
import dev.vigil.notify.OutboxMessage;
import dev.vigil.notify.StepNotice;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Starts release runs, takes step reports and looks after runs in flight (SPEC §3.3): a failed step raises
 * {@code ReleaseStepFailed} for its team, a late one {@code ReleaseStepLate} (resolved when it finishes; not while a
 * step of the run has failed), a step whose turn comes tells its team once, and the run's board in the pipeline's
 * channel follows every change. Each change and the messages it causes are one transaction.
 */
public final class ReleaseService {
    private final ReleaseStore store;
    private final Function<String, Optional<Pipeline>> pipelines;
    private final AlertSink alerts;
    private final InstantSource clock;
    private final SeriesSink series;
    private Function<String, String> runbookUrl = id -> "";
    private Function<String, String> teamChannel = team -> "";
    /** How long after its start a run is looked after by {@link #tick()}. */
    static final Duration LOOKED_AFTER = Duration.ofDays(7);
    static final String READY = "ready";
    static final String LATE = "late";
    static final String GATE_HELD = "gate_held";
    static final String GATE_FAILED = "gate_failed";
    /** Evaluates gates, by the pipeline's file; none: a gate is taken to hold as soon as its step succeeds. */
    private Function<String, GateCheck> gateCheck;
    /** When each watched gate (run/step) was last evaluated here: gates are evaluated every {@code interval}. */
    private final Map<String, Instant> lastGateCheck = new java.util.concurrent.ConcurrentHashMap<>();

    /** Where finished steps' durations go: {@code vigil_release_step_duration_seconds}, per pipeline and step. */
    public interface StepDurations {
        void observe(String release, String step, Duration took);

        StepDurations NONE = (release, step, took) -> { };
    }

    private StepDurations durations = StepDurations.NONE;

    public ReleaseService withDurations(StepDurations sink) {
        this.durations = sink;
        return this;
    }

    /** The newest runs first, of one pipeline or all. */
    public List<ReleaseRun> recent(Optional<String> pipeline, int limit) {
        return store.recent(pipeline, limit);
    }

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

    /** Where step notices link each step's runbook to (runbook id to URL). */
    public ReleaseService withRunbooks(Function<String, String> url) {
        this.runbookUrl = url;
        return this;
    }

    /** How often the board of a run in flight is redrawn when nothing changed, so its elapsed times stay true. */
    static final Duration BOARD_REFRESH = Duration.ofMinutes(1);
    /** When each run's board was last queued by this node. */
    private final Map<Long, Instant> lastBoard = new java.util.concurrent.ConcurrentHashMap<>();
    private AutomatedSteps automated;

    /** How automated steps ({@code run:}) are started and followed. */
    public ReleaseService withExternalRuns(ExternalRunner runner) {
        this.automated = new AutomatedSteps(this, store, pipelines, runner);
        return this;
    }

    /** How gates are evaluated: the same for every pipeline. */
    public ReleaseService withGates(GateCheck check) {
        return withGates(file -> check);
    }

    /**
     * How gates are evaluated, by the file the pipeline is declared in: where a rule group in that file would be (the
     * embedded engine, or the datasource whose {@code rules} paths hold it).
     */
    public ReleaseService withGates(Function<String, GateCheck> byFile) {
        this.gateCheck = byFile;
        return this;
    }

    /** How a team id becomes its Slack channel (from rules/); a team without one is told nothing. */
    public ReleaseService withTeamChannels(Function<String, String> channel) {
        this.teamChannel = channel;
        return this;
    }

    /** Starts a run: its board is posted and the first steps' teams are told; empty when no pipeline has that name. */
    public Optional<ReleaseRun> start(String pipeline, String version) {
        return pipelines.apply(pipeline).map(p -> store.atomically(() -> {
            Instant now = clock.instant();
            ReleaseRun run = store.create(p.name(), version, now);
            advance(p, run, java.util.Set.of(), now, true, Optional.empty()); // a run being started has no marks yet
            return run;
        }));
    }

    /**
     * Applies the plan to every run in flight: ready notices, late alerts raised and resolved, the board when
     * something changed. Each run in its own transaction; returns how many transitions happened.
     */
    public int tick() {
        Instant now = clock.instant();
        int n = 0;
        for (ReleaseRun run : store.inFlightSince(now.minus(LOOKED_AFTER))) {
            Optional<Pipeline> p = pipelines.apply(run.pipeline());
            if (p.isEmpty()) {
                continue; // the pipeline left rules/: its old runs are history
            }
            try {
                n += store.atomically(() -> advance(p.get(), run, store.marks(run.id()), now, false, Optional.empty()));
            } catch (IllegalStateException e) {
                // another node made the same transition first; its transaction did the work
            }
            if (automated != null) {
                n += automated.start(p.get(), store.find(run.id()).orElse(run), now);
            }
        }
        if (automated != null) {
            n += automated.follow(now);
        }
        return n;
    }

    /**
     * The plan's transitions for one run with these marks, within the caller's transaction; {@code board}: post the
     * board anyway (a start or a report); {@code ended}: the notice that replaces a reported step's ready message.
     */
    private int advance(Pipeline p, ReleaseRun run, java.util.Set<String> marks, Instant now, boolean board,
                        Optional<StepNotice> ended) {
        ended.filter(n -> marks.contains(n.step() + "/" + READY)).ifPresent(n -> {
            String channel = teamChannel.apply(n.team());
            if (!channel.isEmpty()) {
                store.outbox().enqueue(OutboxMessage.of(channel, "#" + channel, n, now));
            }
        });
        Map<String, StepPlan.GateResult> gates = gates(p, run, marks);
        int changes = gateCheck == null ? 0 : watchGates(p, run, gates, now);
        Map<String, StepPlan.View> plan = StepPlan.of(p, run, gates, now);
        boolean anyFailed = plan.values().stream().anyMatch(v -> v.state() == StepState.FAILED);
        for (PipelineStep s : p.steps()) {
            StepPlan.View v = plan.get(s.id());
            boolean turn = v.state() == StepState.READY || v.state() == StepState.LATE && run.reports().get(s.id()) == null
                    && s.dependsOn().stream().allMatch(d -> plan.get(d).state() == StepState.SUCCEEDED);
            if (turn && !marks.contains(s.id() + "/" + READY) && store.mark(run.id(), s.id(), READY, now)) {
                changes++;
                String channel = teamChannel.apply(s.team());
                if (!channel.isEmpty()) {
                    store.outbox().enqueue(OutboxMessage.of(channel, "#" + channel, new StepNotice(run.id(),
                            run.pipeline(), run.version(), s.id(), s.team(), runbookUrl.apply(s.runbook()), s.manual()),
                            now));
                }
            }
            boolean late = v.state() == StepState.LATE && !anyFailed;
            boolean wasLate = marks.contains(s.id() + "/" + LATE);
            if (late && !wasLate && store.mark(run.id(), s.id(), LATE, now)) {
                changes++;
                alerts.receive(lateAlert(run, s, v.why(), Alert.State.FIRING, now));
            } else if (!late && wasLate && store.unmark(run.id(), s.id(), LATE)) {
                changes++;
                alerts.receive(lateAlert(run, s, v.why(), Alert.State.RESOLVED, now));
            }
        }
        boolean inFlight = plan.values().stream().anyMatch(v -> v.state() == StepState.RUNNING
                || v.state() == StepState.LATE || v.state() == StepState.READY || v.state() == StepState.GATING);
        Instant shown = lastBoard.get(run.id());
        boolean stale = inFlight && (shown == null || !now.isBefore(shown.plus(BOARD_REFRESH)));
        if ((board || changes > 0 || stale) && !p.channel().isEmpty()) {
            store.outbox().enqueue(OutboxMessage.of(p.channel(), "#" + p.channel(), board(p, run, plan, now), now));
            lastBoard.put(run.id(), now);
        }
        boolean pending = plan.values().stream().anyMatch(v -> v.state() == StepState.PENDING);
        if (!inFlight && !pending) {
            lastBoard.remove(run.id());
            store.finished(run.id(), Optional.of(now)); // nothing can move until a step is reported again
        }
        return changes;
    }

    /**
     * The run's board as of {@code now}: a line per step with its state, team, since when and for how long (or how
     * long a finished step took), why (late, failed) and its link.
     */
    static BoardNotice board(Pipeline p, ReleaseRun run, Map<String, StepPlan.View> plan, Instant now) {
        DateTimeFormatter hhmm = DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);
        List<String> lines = new ArrayList<>();
        for (PipelineStep s : p.steps()) {
            StepPlan.View v = plan.get(s.id());
            StepReport r = run.reports().get(s.id());
            boolean finished = v.state() == StepState.SUCCEEDED || v.state() == StepState.FAILED;
            String howLong = finished ? (r == null ? "" : r.duration().map(d -> ", took " + StepPlan.human(d)).orElse(""))
                    : v.since().filter(t -> !t.plus(Duration.ofMinutes(1)).isAfter(now))
                    .map(t -> ", " + StepPlan.human(Duration.between(t, now))).orElse("");
            lines.add(s.id() + " (" + s.team() + "): " + v.state().apiName()
                    + v.since().map(t -> " since " + hhmm.format(t) + howLong).orElse("")
                    + (v.why().isEmpty() ? "" : " — " + v.why())
                    + (r == null || r.url().isEmpty() ? "" : " — " + r.url()));
        }
        return new BoardNotice(run.id(), run.pipeline(), run.version(), lines);
    }

    public Optional<Pipeline> pipeline(String name) {
        return pipelines.apply(name);
    }

    /** Every step's state in the run now. */
    public Map<String, StepPlan.View> plan(Pipeline pipeline, ReleaseRun run) {
        boolean gated = pipeline.steps().stream().anyMatch(s -> s.gate().isPresent());
        return StepPlan.of(pipeline, run, gates(pipeline, run, gated ? store.marks(run.id()) : java.util.Set.of()),
                clock.instant());
    }

    /** What each gated step's gate has shown, from the run's marks; without a gate check every gate holds. */
    private Map<String, StepPlan.GateResult> gates(Pipeline p, ReleaseRun run, java.util.Set<String> marks) {
        Map<String, StepPlan.GateResult> out = new HashMap<>();
        for (PipelineStep s : p.steps()) {
            StepReport r = run.reports().get(s.id());
            if (s.gate().isPresent() && r != null && r.status() == StepStatus.SUCCEEDED) {
                out.put(s.id(), gateCheck == null || marks.contains(s.id() + "/" + GATE_HELD) ? StepPlan.GateResult.HELD
                        : marks.contains(s.id() + "/" + GATE_FAILED) ? StepPlan.GateResult.FAILED
                        : StepPlan.GateResult.WATCHING);
            }
        }
        return out;
    }

    /**
     * Evaluates each watched gate that is due: one that does not hold fails (ReleaseGateFailed pages the step's team);
     * one that has held for its whole {@code for} is held. Returns how many gates ended.
     */
    private int watchGates(Pipeline p, ReleaseRun run, Map<String, StepPlan.GateResult> gates, Instant now) {
        int ended = 0;
        for (PipelineStep s : p.steps()) {
            if (gates.get(s.id()) != StepPlan.GateResult.WATCHING) {
                continue;
            }
            Gate gate = s.gate().orElseThrow();
            String key = run.id() + "/" + s.id();
            Instant last = lastGateCheck.get(key);
            if (last != null && now.isBefore(last.plus(gate.interval()))) {
                continue;
            }
            lastGateCheck.put(key, now);
            String why = "";
            boolean holds;
            try {
                holds = gateCheck.apply(p.file()).holds(gate.expr(), now);
                why = holds ? "" : "returned nothing at " + now;
            } catch (RuntimeException e) {
                holds = false;
                why = "could not be evaluated: " + e.getMessage();
            }
            Instant succeeded = run.reports().get(s.id()).updatedAt();
            if (!holds && store.mark(run.id(), s.id(), GATE_FAILED, now)) {
                gates.put(s.id(), StepPlan.GateResult.FAILED);
                alerts.receive(gateAlert(run, s, gate, why, Alert.State.FIRING, now));
                ended++;
            } else if (holds && !now.isBefore(succeeded.plus(gate.forDuration()))
                    && store.mark(run.id(), s.id(), GATE_HELD, now)) {
                gates.put(s.id(), StepPlan.GateResult.HELD);
                lastGateCheck.remove(key);
                ended++;
            }
        }
        return ended;
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
        return report(run.id(), locked -> step, status, message, url);
    }

    /** A report for a run or a step that does not exist: nothing was stored. */
    public static final class UnknownStep extends RuntimeException {
        UnknownStep(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * {@link #report(ReleaseRun, PipelineStep, StepStatus, String, String)} by ids, the run read once, locked: throws
     * {@link UnknownStep} (and stores nothing) when there is no such run or its pipeline has no such step.
     */
    public ReleaseRun report(long runId, String stepId, StepStatus status, String message, String url) {
        return report(runId, run -> pipelines.apply(run.pipeline()).flatMap(p -> p.step(stepId))
                .orElseThrow(() -> new UnknownStep("step " + stepId + " is not a step of " + run.pipeline())),
                status, message, url);
    }

    private ReleaseRun report(long runId, Function<ReleaseRun, PipelineStep> stepOf, StepStatus status, String message,
                              String url) {
        Instant now = clock.instant();
        record Reported(ReleaseRun run, PipelineStep step, StepReport previous, ReleaseRun after) {
        }
        Reported reported = store.atomically(() -> {
            ReleaseStore.Locked locked = store.lock(runId)
                    .orElseThrow(() -> new UnknownStep("release run " + runId + " does not exist"));
            ReleaseRun run = locked.run();
            PipelineStep step = stepOf.apply(run);
            StepReport previous = run.reports().get(step.id());
            if (status == StepStatus.FAILED) {
                alerts.receive(stepAlert(run, step, message, url, Alert.State.FIRING, now));
            } else if (previous != null && previous.status() == StepStatus.FAILED) {
                alerts.receive(stepAlert(run, step, message, url, Alert.State.RESOLVED, now));
            }
            ReleaseRun after = store.report(run, new StepReport(step.id(), status, message, url, now));
            java.util.Set<String> marks = new java.util.HashSet<>(locked.marks());
            if (step.gate().isPresent()) {
                // A new report starts the gate afresh: a re-run that succeeds is watched again.
                marks.remove(step.id() + "/" + GATE_HELD);
                marks.remove(step.id() + "/" + GATE_FAILED);
                store.unmark(run.id(), step.id(), GATE_HELD);
                lastGateCheck.remove(run.id() + "/" + step.id());
                if (store.unmark(run.id(), step.id(), GATE_FAILED)) {
                    alerts.receive(gateAlert(run, step, step.gate().get(), "", Alert.State.RESOLVED, now));
                }
            }
            // The step's ready message says how it ended, the first time it ends.
            Optional<StepNotice> ended = status != StepStatus.RUNNING && (previous == null
                    || previous.status() == StepStatus.RUNNING) ? Optional.of(new StepNotice(run.id(), run.pipeline(),
                    run.version(), step.id(), step.team(), runbookUrl.apply(step.runbook()), step.manual(),
                    status.apiName() + (message.isEmpty() ? "" : ": " + message))) : Optional.empty();
            if (locked.finished()) {
                store.finished(run.id(), Optional.empty()); // a report may move it again; advance says if it does not
            }
            pipelines.apply(run.pipeline()).ifPresent(p -> advance(p, after, marks, now, true, ended));
            return new Reported(run, step, previous, after);
        });
        ReleaseRun run = reported.run();
        PipelineStep step = reported.step();
        StepReport previous = reported.previous();
        ReleaseRun updated = reported.after();
        StepReport latest = updated.reports().get(step.id());
        if (latest != null && (previous == null || previous.status() == StepStatus.RUNNING)) {
            latest.duration().ifPresent(d -> durations.observe(run.pipeline(), step.id(), d));
        }
        Labels step0 = Labels.of("__name__", "vigil_release_step_status", "release", run.pipeline(),
                "run", String.valueOf(run.id()), "step", step.id(), "team", step.team());
        if (previous != null && previous.status() != status) {
            series.append(step0.with("status", previous.status().apiName()), now.toEpochMilli(),
                    dev.vigil.promql.Staleness.STALE_NAN);
        }
        series.append(step0.with("status", status.apiName()), now.toEpochMilli(), 1);
        return updated;
    }

    static Alert gateAlert(ReleaseRun run, PipelineStep step, Gate gate, String why, Alert.State state, Instant now) {
        Labels labels = Labels.of("alertname", "ReleaseGateFailed", "release", run.pipeline(),
                "run", String.valueOf(run.id()), "step", step.id(), "team", step.team(), "severity", "page");
        Map<String, String> annotations = new HashMap<>();
        annotations.put("summary", "Release " + run.pipeline() + " " + run.version() + " (run " + run.id()
                + "): the gate after step " + step.id() + " failed");
        annotations.put("description", gate.expr() + (why.isEmpty() ? "" : ": " + why));
        if (!step.runbook().isEmpty()) {
            annotations.put("runbook", step.runbook());
        }
        return new Alert(labels, annotations, state, now);
    }

    static Alert lateAlert(ReleaseRun run, PipelineStep step, String why, Alert.State state, Instant now) {
        Labels labels = Labels.of("alertname", "ReleaseStepLate", "release", run.pipeline(),
                "run", String.valueOf(run.id()), "step", step.id(), "team", step.team(), "severity", "page");
        Map<String, String> annotations = new HashMap<>();
        annotations.put("summary", "Release " + run.pipeline() + " " + run.version() + " (run " + run.id()
                + "): step " + step.id() + " is late");
        if (!why.isEmpty()) {
            annotations.put("description", why);
        }
        if (!step.runbook().isEmpty()) {
            annotations.put("runbook", step.runbook());
        }
        return new Alert(labels, annotations, state, now);
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
