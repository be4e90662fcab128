package dev.vigil.release;

import java.time.Instant;
import java.util.Optional;

/** Release runs and their step reports. */
public interface ReleaseStore {
    ReleaseRun create(String pipeline, String version, Instant now);

    Optional<ReleaseRun> find(long id);

    void report(long runId, StepReport report);
}
