package dev.vigil.alertmanager;

import dev.vigil.label.Labels;
import java.time.Instant;
import java.util.List;

/**
 * The alerts posted to this Vigil that fire, by fingerprint, kept in the database so that a restart does not forget
 * them: one that is not posted again within {@link AlertIngest#RESOLVE_TIMEOUT} of the restart resolves.
 */
public interface IngestedAlerts {
    /** Remembers a firing alert (again); {@code at} is when it was seen. */
    void remember(String fingerprint, Labels labels, Instant at);

    void forget(String fingerprint);

    /** Every remembered alert's labels. */
    List<Labels> all();

    IngestedAlerts NONE = new IngestedAlerts() {
        @Override
        public void remember(String fingerprint, Labels labels, Instant at) {
        }

        @Override
        public void forget(String fingerprint) {
        }

        @Override
        public List<Labels> all() {
            return List.of();
        }
    };
}
