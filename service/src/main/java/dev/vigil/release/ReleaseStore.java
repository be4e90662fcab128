package dev.vigil.release;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/** Release runs and their step reports. */
public interface ReleaseStore {
    ReleaseRun create(String pipeline, String version, Instant now);

    Optional<ReleaseRun> find(long id);

    void report(long runId, StepReport report);

    /**
     * Runs {@code work} in one database transaction, which every store's writes on this thread join: a step report,
     * the incident it opens and the pages it queues commit together or not at all.
     */
    <T> T atomically(Supplier<T> work);
}
