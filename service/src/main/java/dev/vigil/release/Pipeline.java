package dev.vigil.release;

import java.util.List;
import java.util.Optional;

/**
 * A release pipeline (SPEC §3.3): ordered steps, each belonging to a team; {@code file} is where it is declared
 * (its gates are evaluated where a rule group in that file would be).
 */
public record Pipeline(String name, String channel, List<PipelineStep> steps, String file) {
    public Pipeline {
        steps = List.copyOf(steps);
        channel = channel == null ? "" : channel;
        file = file == null ? "" : file;
    }

    public Pipeline(String name, String channel, List<PipelineStep> steps) {
        this(name, channel, steps, "");
    }

    public Optional<PipelineStep> step(String id) {
        return steps.stream().filter(s -> s.id().equals(id)).findFirst();
    }
}
