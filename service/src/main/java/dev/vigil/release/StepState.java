package dev.vigil.release;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** How a step stands in a run, as the run's board shows it. */
public enum StepState {
    PENDING, READY, RUNNING, SUCCEEDED, FAILED, BLOCKED;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Every step's state: reported steps as reported; the others ready when all they depend on succeeded,
     * blocked when something upstream failed or is blocked, and pending otherwise.
     */
    public static Map<String, StepState> of(Pipeline pipeline, ReleaseRun run) {
        Map<String, StepState> out = new LinkedHashMap<>();
        for (PipelineStep s : pipeline.steps()) {
            StepReport r = run.reports().get(s.id());
            if (r != null) {
                out.put(s.id(), switch (r.status()) {
                    case RUNNING -> RUNNING;
                    case SUCCEEDED -> SUCCEEDED;
                    case FAILED -> FAILED;
                });
                continue;
            }
            boolean blocked = s.dependsOn().stream().map(out::get).anyMatch(d -> d == FAILED || d == BLOCKED);
            boolean ready = s.dependsOn().stream().map(out::get).allMatch(d -> d == SUCCEEDED);
            out.put(s.id(), blocked ? BLOCKED : ready ? READY : PENDING);
        }
        return out;
    }
}
