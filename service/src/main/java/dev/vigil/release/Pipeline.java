package dev.vigil.release;

import java.util.List;
import java.util.Optional;

/** A release pipeline (SPEC §3.3): ordered steps, each belonging to a team. */
public record Pipeline(String name, String channel, List<PipelineStep> steps) {
    public Pipeline {
        steps = List.copyOf(steps);
        channel = channel == null ? "" : channel;
    }

    public Optional<PipelineStep> step(String id) {
        return steps.stream().filter(s -> s.id().equals(id)).findFirst();
    }
}
