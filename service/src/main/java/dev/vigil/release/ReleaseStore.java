package dev.vigil.release;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/** Release runs and their step reports. */
public interface ReleaseStore {
    ReleaseRun create(String pipeline, String version, Instant now);

    Optional<ReleaseRun> find(long id);

    /**
     * Locks the run until the current {@link #atomically} transaction ends, so that reports of one run are applied one
     * at a time; the run comes with its marks, read after the lock was taken, and whether it was {@link #finished}.
     * Empty when there is no such run.
     */
    Optional<Locked> lock(long runId);

    /** A run locked by {@link #lock}, its marks (as {@code step/mark}) and whether it was recorded finished. */
    record Locked(ReleaseRun run, java.util.Set<String> marks, boolean finished) {
        public Locked {
            marks = java.util.Set.copyOf(marks);
        }
    }

    /** Records a step's report on a run read by {@link #lock}; returns the run with it. */
    ReleaseRun report(ReleaseRun locked, StepReport report);

    /** The newest runs first, of one pipeline or all. */
    java.util.List<ReleaseRun> recent(Optional<String> pipeline, int limit);

    /** Runs started at or after {@code from} and not finished, oldest first: the ones the release tick looks after. */
    java.util.List<ReleaseRun> inFlightSince(Instant from);

    /** Records whether the run is finished (none of its steps can move any more); a later report may reopen it. */
    void finished(long runId, java.util.Optional<Instant> at);

    /**
     * Records that {@code mark} ("ready", "late") happened to a step; false when it already had (this node or another
     * got there first), so each transition is acted on once.
     */
    boolean mark(long runId, String step, String mark, Instant now);

    /** The run's marks, as {@code step/mark}. */
    java.util.Set<String> marks(long runId);

    /** Removes a mark; false when there was none. */
    boolean unmark(long runId, String step, String mark);

    /** An automated step's external run being followed. */
    record External(long runId, String step, String externalId, String link, int failures) {
    }

    void follow(long runId, String step, String externalId, String link, Instant nextCheck);

    /** External runs whose next check is due, oldest first. */
    java.util.List<External> externalsDue(Instant now, int limit);

    /** The steps of a run whose external runs are being followed. */
    java.util.Set<String> following(long runId);

    void checked(long runId, String step, Instant nextCheck, int failures);

    void unfollow(long runId, String step);

    /** Messages written in the current {@link #atomically} transaction (board, ready notices). */
    dev.vigil.notify.Outbox outbox();

    /**
     * Runs {@code work} in one database transaction, which every store's writes on this thread join: a step report,
     * the incident it opens and the pages it queues commit together or not at all.
     */
    <T> T atomically(Supplier<T> work);
}
