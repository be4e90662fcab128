package dev.vigil.rule;

import dev.vigil.label.Labels;
import java.util.Map;
import java.util.Optional;

/** One alert of an alerting rule (one label set): its state, value and the times that define it. */
public record ActiveAlert(Labels labels, Map<String, String> annotations, AlertState state, double value,
                          long activeAt, Optional<Long> firedAt, Optional<Long> resolvedAt,
                          Optional<Long> keepFiringSince) {
    public ActiveAlert {
        annotations = Map.copyOf(annotations);
    }

    ActiveAlert with(AlertState s, Optional<Long> fired, Optional<Long> resolved, Optional<Long> keepSince) {
        return new ActiveAlert(labels, annotations, s, value, activeAt, fired, resolved, keepSince);
    }
}
