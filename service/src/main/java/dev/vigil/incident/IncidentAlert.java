package dev.vigil.incident;

import dev.vigil.label.Labels;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** One alert within an incident, firing or resolved. */
public record IncidentAlert(String fingerprint, Labels labels, Map<String, String> annotations, boolean firing,
                            Instant startsAt, Optional<Instant> endsAt) {
    public IncidentAlert {
        annotations = Map.copyOf(annotations);
    }
}
