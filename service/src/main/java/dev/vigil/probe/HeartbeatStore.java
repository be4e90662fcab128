package dev.vigil.probe;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Where heartbeats are kept: in the database, so a restart or another node of a cluster knows the last ping. */
public interface HeartbeatStore {
    /** A heartbeat's state: first looked at, last ping, last failure reported (and its message). */
    record Beat(Instant firstSeen, Optional<Instant> lastPing, Optional<Instant> lastFail, String failMessage) {
    }

    void ping(String name, Instant at);

    void fail(String name, Instant at, String message);

    /** The state, the row made now (first seen {@code now}) when there was none. */
    Beat touch(String name, Instant now);

    /** Heartbeats in memory (tests). */
    static HeartbeatStore inMemory() {
        Map<String, Beat> beats = new ConcurrentHashMap<>();
        return new HeartbeatStore() {
            @Override
            public void ping(String name, Instant at) {
                beats.compute(name, (k, b) -> new Beat(b == null ? at : b.firstSeen(), Optional.of(at),
                        b == null ? Optional.empty() : b.lastFail(), b == null ? "" : b.failMessage()));
            }

            @Override
            public void fail(String name, Instant at, String message) {
                beats.compute(name, (k, b) -> new Beat(b == null ? at : b.firstSeen(),
                        b == null ? Optional.empty() : b.lastPing(), Optional.of(at), message));
            }

            @Override
            public Beat touch(String name, Instant now) {
                return beats.computeIfAbsent(name, k -> new Beat(now, Optional.empty(), Optional.empty(), ""));
            }
        };
    }
}
