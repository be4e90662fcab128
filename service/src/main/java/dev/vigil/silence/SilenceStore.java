package dev.vigil.silence;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Silences in the database, every change on an audit trail with who made it. */
public interface SilenceStore {
    /** Stores a new silence or replaces the one with its id, and records {@code what} {@code by} whom. */
    void put(Silence silence, String what, String by, Instant at);

    Optional<Silence> find(String id);

    /** Every silence that has not been expired longer than {@code retention} at {@code now}. */
    List<Silence> all(Instant keepExpiredSince);

    /** The audit trail of one silence, oldest first: "created by alice", "expired by bob". */
    List<String> history(String id);
}
