package dev.vigil.store;

import dev.vigil.label.Fingerprint;
import dev.vigil.rule.ActiveAlert;
import dev.vigil.rule.AlertState;
import dev.vigil.rule.AlertStateStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Rule alert states in the database, replaced per rule after each evaluation. */
public final class JdbiAlertStateStore implements AlertStateStore {
    private final Jdbi jdbi;

    public JdbiAlertStateStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void save(String groupKey, String ruleName, List<ActiveAlert> alerts) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM rule_alerts WHERE group_key = :g AND rule_name = :r")
                    .bind("g", groupKey).bind("r", ruleName).execute();
            for (ActiveAlert a : alerts) {
                h.createUpdate("INSERT INTO rule_alerts (group_key, rule_name, fingerprint, labels, annotations, state, "
                                + "alert_value, active_at, fired_at, resolved_at, keep_firing_since) VALUES (:g, :r, :fp, "
                                + ":labels, :annotations, :state, :value, :active, :fired, :resolved, :keep)")
                        .bind("g", groupKey).bind("r", ruleName).bind("fp", Fingerprint.of(a.labels()))
                        .bind("labels", StoreJson.write(a.labels().asMap()))
                        .bind("annotations", StoreJson.write(a.annotations())).bind("state", a.state().name())
                        .bind("value", a.value()).bind("active", a.activeAt()).bind("fired", a.firedAt().orElse(null))
                        .bind("resolved", a.resolvedAt().orElse(null)).bind("keep", a.keepFiringSince().orElse(null))
                        .execute();
            }
        });
    }

    @Override
    public Map<String, List<ActiveAlert>> load(String groupKey) {
        Map<String, List<ActiveAlert>> out = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT rule_name, labels, annotations, state, alert_value, active_at, fired_at, "
                        + "resolved_at, keep_firing_since FROM rule_alerts WHERE group_key = :g ORDER BY active_at")
                .bind("g", groupKey)
                .map((rs, ctx) -> Map.entry(rs.getString(1), new ActiveAlert(StoreJson.labels(rs.getString(2)),
                        StoreJson.map(rs.getString(3)), AlertState.valueOf(rs.getString(4)), rs.getDouble(5), rs.getLong(6),
                        opt(JdbiIncidentStore.instant(rs, "fired_at")), opt(JdbiIncidentStore.instant(rs, "resolved_at")),
                        opt(JdbiIncidentStore.instant(rs, "keep_firing_since")))))
                .forEach(e -> out.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue())));
        return out;
    }

    private static Optional<Long> opt(Optional<java.time.Instant> t) {
        return t.map(java.time.Instant::toEpochMilli);
    }
}
