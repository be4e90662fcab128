package dev.vigil.probe;

import dev.vigil.alert.Alert;
import java.time.Instant;
import java.util.Optional;

/**
 * A probe's alert state between runs: failing since when, and whether the pipeline already knows it is clear.
 * {@link #next} is the pure transition: the new state and the alert to emit, if any.
 */
public record ProbeAlertState(Optional<Instant> failingSince, boolean knownClear) {
    public static final ProbeAlertState INITIAL = new ProbeAlertState(Optional.empty(), false);

    /** The state after a run, and what to tell the pipeline. */
    public record Step(ProbeAlertState state, Optional<Alert.State> emit) {
    }

    /**
     * A failure fires once it has lasted {@code forDuration} (at once when that is zero) and keeps firing while
     * it lasts; a success resolves, once, until the next failure.
     */
    public Step next(boolean success, Instant now, java.time.Duration forDuration) {
        if (success) {
            return new Step(new ProbeAlertState(Optional.empty(), true),
                    knownClear ? Optional.empty() : Optional.of(Alert.State.RESOLVED));
        }
        Instant since = failingSince.orElse(now);
        boolean firing = !now.isBefore(since.plus(forDuration));
        return new Step(new ProbeAlertState(Optional.of(since), false),
                firing ? Optional.of(Alert.State.FIRING) : Optional.empty());
    }
}
