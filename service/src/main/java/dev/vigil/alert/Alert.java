package dev.vigil.alert;

import dev.vigil.label.Fingerprint;
import dev.vigil.label.Labels;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** What every source (probe, rule, release step, external system) produces: a label set that fires or resolves. */
public record Alert(Labels labels, Map<String, String> annotations, State state, Instant at) {

    /** An alert is firing or has resolved. */
    public enum State { FIRING, RESOLVED }

    public Alert {
        Objects.requireNonNull(labels, "labels");
        annotations = Map.copyOf(annotations);
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(at, "at");
        if (!labels.has("alertname")) {
            throw new IllegalArgumentException("labels: " + labels + " (expected: an alertname label)");
        }
    }

    public String fingerprint() {
        return Fingerprint.of(labels);
    }

    public String name() {
        return labels.get("alertname");
    }
}
