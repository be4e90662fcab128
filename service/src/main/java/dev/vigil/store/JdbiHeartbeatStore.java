package dev.vigil.store;

import dev.vigil.probe.HeartbeatStore;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Heartbeats in the {@code heartbeats} table, one row per heartbeat probe. */
public final class JdbiHeartbeatStore implements HeartbeatStore {
    private final Jdbi jdbi;

    public JdbiHeartbeatStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void ping(String name, Instant at) {
        write(name, at, "UPDATE heartbeats SET last_ping = :at WHERE name = :n AND (last_ping IS NULL OR last_ping < :at)",
                "");
    }

    @Override
    public void fail(String name, Instant at, String message) {
        write(name, at, "UPDATE heartbeats SET last_fail = :at, fail_message = :m WHERE name = :n", message);
    }

    /** The row made if there is none (first seen now: a ping or failure is its first news), then the update. */
    private void write(String name, Instant at, String update, String message) {
        jdbi.useHandle(h -> {
            try {
                h.createUpdate("INSERT INTO heartbeats (name, first_seen, fail_message) SELECT :n, :at, '' "
                        + "WHERE NOT EXISTS (SELECT 1 FROM heartbeats WHERE name = :n)")
                        .bind("n", name).bind("at", at.toEpochMilli()).execute();
            } catch (UnableToExecuteStatementException e) {
                if (!SqlStates.uniqueViolation(e)) {
                    throw e;
                }
                // another node made it first
            }
            h.createUpdate(update).bind("n", name).bind("at", at.toEpochMilli()).bind("m", message).execute();
        });
    }

    @Override
    public Beat touch(String name, Instant now) {
        Optional<Beat> b = read(name);
        if (b.isPresent()) {
            return b.get();
        }
        try {
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO heartbeats (name, first_seen, fail_message) "
                    + "VALUES (:n, :now, '')").bind("n", name).bind("now", now.toEpochMilli()).execute());
        } catch (UnableToExecuteStatementException e) {
            if (!SqlStates.uniqueViolation(e)) {
                throw e;
            }
            // another node made it first
        }
        return read(name).orElseThrow();
    }

    private Optional<Beat> read(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT first_seen, last_ping, last_fail, fail_message FROM heartbeats "
                        + "WHERE name = :n").bind("n", name)
                .map((rs, ctx) -> new Beat(Instant.ofEpochMilli(rs.getLong("first_seen")),
                        JdbiIncidentStore.instant(rs, "last_ping"), JdbiIncidentStore.instant(rs, "last_fail"),
                        rs.getString("fail_message")))
                .findOne());
    }
}
