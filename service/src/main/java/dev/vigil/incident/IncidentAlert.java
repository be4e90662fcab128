package dev.vigil.incident;

import dev.vigil.label.Labels;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One alert within an incident, firing or resolved; {@code notified} says its present state (firing or resolved)
 * went out in a notice, so the next notice leaves it out.
 */
public record IncidentAlert(String fingerprint, Labels labels, Map<String, String> annotations, boolean firing,
                            Instant startsAt, Optional<Instant> endsAt, boolean notified) {
    public IncidentAlert {
        annotations = Map.copyOf(annotations);
    }

    /** An alert whose state has not been told yet. */
    public IncidentAlert(String fingerprint, Labels labels, Map<String, String> annotations, boolean firing,
                         Instant startsAt, Optional<Instant> endsAt) {
        this(fingerprint, labels, annotations, firing, startsAt, endsAt, false);
    }

    public IncidentAlert withNotified(boolean told) {
        return new IncidentAlert(fingerprint, labels, annotations, firing, startsAt, endsAt, told);
    }
}
