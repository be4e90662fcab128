package dev.vigil.release;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Automated release steps ({@code run:}): starts each one whose turn it is through the {@link ExternalRunner}, follows
 * the external runs (rows, so across restarts), and reports each step through {@link ReleaseService} when its run
 * ends or cannot be started or followed. Called from the release tick, outside any transaction: the other side may
 * be slow.
 */
final class AutomatedSteps {
    /** How often a followed external run is asked how it is going. */
    static final Duration CHECK_EVERY = Duration.ofSeconds(30);
    /** Asks in a row that may fail to reach the other side before the step fails. */
    static final int MAX_UNREACHABLE = 10;
    static final String STARTED = "started";

    private final ReleaseService releases;
    private final ReleaseStore store;
    private final Function<String, Optional<Pipeline>> pipelines;
    private final ExternalRunner runner;

    AutomatedSteps(ReleaseService releases, ReleaseStore store, Function<String, Optional<Pipeline>> pipelines,
                   ExternalRunner runner) {
        this.releases = releases;
        this.store = store;
        this.pipelines = pipelines;
        this.runner = runner;
    }

    /**
     * Starts each automated step whose turn it is and that is not started yet: an Airflow DAG run (its id is the run
     * and step's, so starting again after a crash finds the same run) or a webhook (posted once). A run that cannot
     * be started fails the step with the reason. Outside any transaction: the other side may be slow.
     */
    int start(Pipeline p, ReleaseRun run, Instant now) {
        Map<String, StepPlan.View> plan = releases.plan(p, run);
        java.util.Set<String> following = store.following(run.id());
        int started = 0;
        for (PipelineStep s : p.steps()) {
            StepState state = plan.get(s.id()).state();
            boolean turn = state == StepState.READY || state == StepState.LATE
                    && s.dependsOn().stream().allMatch(d -> plan.get(d).state() == StepState.SUCCEEDED);
            if (s.run().isEmpty() || !turn || run.reports().containsKey(s.id()) || following.contains(s.id())) {
                continue;
            }
            StepRun how = s.run().get();
            try {
                if (how instanceof StepRun.Webhook && !store.mark(run.id(), s.id(), STARTED, now)) {
                    continue; // posted already
                }
            } catch (IllegalStateException e) {
                continue; // another node posted it
            }
            ExternalRunner.Result r = runner.start(how, run, s.id());
            if (r instanceof ExternalRunner.Started st) {
                if (!st.id().isEmpty()) {
                    try {
                        store.follow(run.id(), s.id(), st.id(), st.link(), now.plus(CHECK_EVERY));
                    } catch (RuntimeException e) {
                        continue; // another node started and follows it
                    }
                }
                releases.report(run, s, StepStatus.RUNNING, st.id().isEmpty() ? "webhook accepted; the job reports back"
                        : kind(how) + " run " + st.id(), st.link());
            } else {
                releases.report(run, s, StepStatus.FAILED, "could not start " + kind(how) + ": " + reason(r), "");
            }
            started++;
        }
        return started;
    }

    /** Asks each followed external run that is due how it is going, and reports the step when it has ended. */
    int follow(Instant now) {
        int ended = 0;
        for (ReleaseStore.External e : store.externalsDue(now, 100)) {
            Optional<ReleaseRun> run = store.find(e.runId());
            Optional<Pipeline> p = run.flatMap(r -> pipelines.apply(r.pipeline()));
            Optional<PipelineStep> s = p.flatMap(x -> x.step(e.step()));
            StepReport latest = run.map(r -> r.reports().get(e.step())).orElse(null);
            if (s.isEmpty() || s.get().run().isEmpty() || latest == null || latest.status() != StepStatus.RUNNING) {
                store.unfollow(e.runId(), e.step()); // reported by other means, or gone from rules/
                continue;
            }
            StepRun how = s.get().run().get();
            ExternalRunner.Result r = runner.check(how, e.externalId());
            String what = kind(how) + " run " + e.externalId();
            if (r instanceof ExternalRunner.Running) {
                store.checked(e.runId(), e.step(), now.plus(CHECK_EVERY), 0);
                continue;
            }
            if (r instanceof ExternalRunner.Unreachable u && e.failures() + 1 < MAX_UNREACHABLE) {
                Duration backoff = CHECK_EVERY.multipliedBy(1L << Math.min(e.failures(), 5));
                store.checked(e.runId(), e.step(), now.plus(backoff.compareTo(Duration.ofMinutes(10)) > 0
                        ? Duration.ofMinutes(10) : backoff), e.failures() + 1);
                continue;
            }
            store.unfollow(e.runId(), e.step());
            if (r instanceof ExternalRunner.Succeeded) {
                releases.report(run.get(), s.get(), StepStatus.SUCCEEDED, what + " succeeded", e.link());
            } else if (r instanceof ExternalRunner.Failed f) {
                releases.report(run.get(), s.get(), StepStatus.FAILED, f.reason(), e.link());
            } else {
                releases.report(run.get(), s.get(), StepStatus.FAILED, "could not follow " + what + ": " + reason(r)
                        + (r instanceof ExternalRunner.Unreachable ? " (" + MAX_UNREACHABLE + " tries)" : ""), e.link());
            }
            ended++;
        }
        return ended;
    }

    private static String kind(StepRun how) {
        if (how instanceof StepRun.Argo a) {
            return "Argo workflow template " + a.workflowTemplate();
        }
        return how instanceof StepRun.Airflow a ? "Airflow DAG " + a.dagId() : "webhook";
    }

    private static String reason(ExternalRunner.Result r) {
        if (r instanceof ExternalRunner.Refused x) {
            return x.reason();
        }
        if (r instanceof ExternalRunner.Unreachable x) {
            return x.reason();
        }
        return r instanceof ExternalRunner.Failed x ? x.reason() : r.toString();
    }
}
