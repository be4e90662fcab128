package dev.vigil.store;

import dev.vigil.alertmanager.IngestedAlerts;
import dev.vigil.label.Labels;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** The alerts posted to Alertmanager's API that fire, in the database. */
public final class JdbiIngestedAlerts implements IngestedAlerts {
    private final Jdbi jdbi;

    public JdbiIngestedAlerts(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void remember(String fingerprint, Labels labels, Instant at) {
        try {
            upsert(fingerprint, labels, at);
        } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException e) {
            if (!SqlStates.uniqueViolation(e)) {
                throw e;
            }
            // The same alert posted at the same moment to this node twice (or to another node): it is remembered.
        }
    }

    private void upsert(String fingerprint, Labels labels, Instant at) {
        jdbi.useTransaction(h -> {
            int n = h.createUpdate("UPDATE ingested_alerts SET seen_at = :at WHERE fingerprint = :fp")
                    .bind("at", at.toEpochMilli()).bind("fp", fingerprint).execute();
            if (n == 0) {
                h.createUpdate("INSERT INTO ingested_alerts (fingerprint, labels, seen_at) VALUES (:fp, :labels, :at)")
                        .bind("fp", fingerprint).bind("labels", StoreJson.write(labels.asMap()))
                        .bind("at", at.toEpochMilli()).execute();
            }
        });
    }

    @Override
    public void forget(String fingerprint) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM ingested_alerts WHERE fingerprint = :fp")
                .bind("fp", fingerprint).execute());
    }

    @Override
    public List<Labels> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT labels FROM ingested_alerts ORDER BY fingerprint")
                .mapTo(String.class).list()).stream().map(json -> Labels.of(StoreJson.map(json))).toList();
    }
}
