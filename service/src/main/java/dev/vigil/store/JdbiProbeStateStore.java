package dev.vigil.store;

import dev.vigil.probe.ProbeAlertState;
import dev.vigil.probe.ProbeStateStore;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jdbi.v3.core.statement.Update;

/** Probe alert states in the {@code probe_states} table, one row per probe. */
public final class JdbiProbeStateStore implements ProbeStateStore {
    private final Jdbi jdbi;
    private final InstantSource clock;

    public JdbiProbeStateStore(Jdbi jdbi, InstantSource clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public Optional<ProbeAlertState> load(String probe) {
        return jdbi.withHandle(h -> h.createQuery("SELECT failing_since, known_clear FROM probe_states WHERE probe = :p")
                .bind("p", probe)
                .map((rs, ctx) -> new ProbeAlertState(JdbiIncidentStore.instant(rs, "failing_since"),
                        rs.getBoolean("known_clear")))
                .findOne());
    }

    @Override
    public void save(String probe, ProbeAlertState state) {
        if (update(probe, state) > 0) {
            return;
        }
        try {
            jdbi.useHandle(h -> bind(h.createUpdate("INSERT INTO probe_states (probe, failing_since, known_clear, "
                    + "updated_at) VALUES (:p, :since, :clear, :now)"), probe, state).execute());
        } catch (UnableToExecuteStatementException e) {
            if (!SqlStates.uniqueViolation(e)) {
                throw e;
            }
            update(probe, state); // another node inserted the row first
        }
    }

    @Override
    public void forget(String probe) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM probe_states WHERE probe = :p").bind("p", probe).execute());
    }

    private int update(String probe, ProbeAlertState state) {
        return jdbi.withHandle(h -> bind(h.createUpdate("UPDATE probe_states SET failing_since = :since, "
                + "known_clear = :clear, updated_at = :now WHERE probe = :p"), probe, state).execute());
    }

    private Update bind(Update u, String probe, ProbeAlertState state) {
        return u.bind("p", probe).bind("since", state.failingSince().map(Instant::toEpochMilli).orElse(null))
                .bind("clear", state.knownClear()).bind("now", clock.instant().toEpochMilli());
    }
}
