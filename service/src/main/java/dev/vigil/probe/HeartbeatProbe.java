package dev.vigil.probe;

import dev.vigil.time.PromDuration;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * A heartbeat probe: fails when no ping came for {@code expect_every} (counted from when Vigil first looked at it,
 * for one never pinged) or when a failure was reported after the last ping. The state is stored, so a restart or
 * another node of a cluster does not forget the last ping.
 */
public final class HeartbeatProbe implements Prober<ProbeTarget.Heartbeat> {
    private final HeartbeatStore store;
    private final InstantSource clock;

    public HeartbeatProbe(HeartbeatStore store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Observation probe(ProbeTarget.Heartbeat t, Duration timeout) {
        Instant now = clock.instant();
        HeartbeatStore.Beat b = store.touch(t.probe(), now);
        Observation.Builder out = new Observation.Builder();
        b.lastPing().ifPresent(p -> out.series("probe_heartbeat_last_ping_timestamp_seconds", p.getEpochSecond()));
        if (b.lastFail().isPresent() && b.lastPing().map(p -> b.lastFail().get().isAfter(p)).orElse(true)) {
            out.error("failure reported at " + b.lastFail().get() + (b.failMessage().isEmpty() ? ""
                    : ": " + b.failMessage()));
        } else {
            Instant since = b.lastPing().orElse(b.firstSeen());
            Duration quiet = Duration.between(since, now);
            if (quiet.compareTo(t.expectEvery()) > 0) {
                out.error((b.lastPing().isPresent() ? "no ping for " : "never pinged in ")
                        + PromDuration.format(quiet.withNanos(0)) + " (expected every "
                        + PromDuration.format(t.expectEvery()) + ")");
            }
        }
        return out.took(Duration.ZERO);
    }
}
