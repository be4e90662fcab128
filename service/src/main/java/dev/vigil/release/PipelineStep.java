package dev.vigil.release;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** One step of a release pipeline, owned by a team whose rota is paged when it fails. */
public record PipelineStep(String id, String team, String runbook, Optional<Duration> expectedDuration,
                           List<String> dependsOn, boolean manual, Optional<Duration> deadline, Optional<Gate> gate) {
    public PipelineStep {
        dependsOn = List.copyOf(dependsOn);
        runbook = runbook == null ? "" : runbook;
    }
}
