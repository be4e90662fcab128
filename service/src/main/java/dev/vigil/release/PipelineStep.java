package dev.vigil.release;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One step of a release pipeline, owned by a team whose rota is paged when it fails; {@code run} makes it automated
 * (Vigil starts and follows it).
 */
public record PipelineStep(String id, String team, String runbook, Optional<Duration> expectedDuration,
                           List<String> dependsOn, boolean manual, Optional<Duration> deadline, Optional<Gate> gate,
                           Optional<StepRun> run) {
    public PipelineStep {
        dependsOn = List.copyOf(dependsOn);
        runbook = runbook == null ? "" : runbook;
    }

    public PipelineStep(String id, String team, String runbook, Optional<Duration> expectedDuration,
                        List<String> dependsOn, boolean manual, Optional<Duration> deadline, Optional<Gate> gate) {
        this(id, team, runbook, expectedDuration, dependsOn, manual, deadline, gate, Optional.empty());
    }
}
