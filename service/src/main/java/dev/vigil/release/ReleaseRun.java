package dev.vigil.release;

import java.time.Instant;
import java.util.Map;

/** One run of a pipeline for a version, with the latest report of each step that has reported. */
public record ReleaseRun(long id, String pipeline, String version, Instant startedAt, Map<String, StepReport> reports) {
    public ReleaseRun {
        reports = Map.copyOf(reports);
    }
}
