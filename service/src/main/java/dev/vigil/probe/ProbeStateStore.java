package dev.vigil.probe;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each probe's alert state (failing since when; whether the pipeline knows it is clear) is kept between
 * runs. The server keeps it in the database, so a restart, or the next run landing on another node of a cluster,
 * carries on the same {@code for:} count instead of starting again.
 */
public interface ProbeStateStore {
    Optional<ProbeAlertState> load(String probe);

    void save(String probe, ProbeAlertState state);

    /** Drops the state of a probe that is no longer declared. */
    void forget(String probe);

    /** A store in this JVM's memory, for tests and tools that run probes without a database. */
    static ProbeStateStore inMemory() {
        Map<String, ProbeAlertState> states = new ConcurrentHashMap<>();
        return new ProbeStateStore() {
            @Override
            public Optional<ProbeAlertState> load(String probe) {
                return Optional.ofNullable(states.get(probe));
            }

            @Override
            public void save(String probe, ProbeAlertState state) {
                states.put(probe, state);
            }

            @Override
            public void forget(String probe) {
                states.remove(probe);
            }
        };
    }
}
