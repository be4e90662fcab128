package dev.vigil.api;

import dev.vigil.release.Pipeline;
import dev.vigil.release.PipelineStep;
import dev.vigil.release.ReleaseRun;
import dev.vigil.release.StepReport;
import dev.vigil.release.StepPlan;
import dev.vigil.release.StepState;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A release run as the API shows it: every step with its team, state and latest report. */
public record ReleaseJson(long id, String pipeline, String version, Instant startedAt, List<StepJson> steps) {

    /** One step of the run. */
    public record StepJson(String id, String team, String state, String message, String url, Instant updatedAt,
                           List<String> dependsOn, Instant startedAt, Double durationSeconds) {
    }

    /** {@code POST /api/v1/releases}'s body. */
    public record StartRequest(String pipeline, String version) {
    }

    /** {@code POST /api/v1/releases/{run}/steps/{step}}'s body. */
    public record StepRequest(String status, String message, String url) {
    }

    static ReleaseJson of(Pipeline p, ReleaseRun run, Map<String, StepPlan.View> plan) {
        List<StepJson> steps = p.steps().stream().map(s -> step(s, plan.get(s.id()).state(), run.reports().get(s.id())))
                .toList();
        return new ReleaseJson(run.id(), run.pipeline(), run.version(), run.startedAt(), steps);
    }

    private static StepJson step(PipelineStep s, StepState state, StepReport r) {
        return new StepJson(s.id(), s.team(), state.apiName(), r == null ? "" : r.message(), r == null ? "" : r.url(),
                r == null ? null : r.updatedAt(), s.dependsOn(), r == null ? null : r.startedAt().orElse(null),
                r == null ? null : r.duration().map(d -> d.toMillis() / 1000.0).orElse(null));
    }
}
