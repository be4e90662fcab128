package dev.vigil.alertmanager;

import dev.vigil.config.RuleSet;
import dev.vigil.incident.Incident;
import dev.vigil.incident.IncidentAlert;
import dev.vigil.incident.IncidentStatus;
import dev.vigil.incident.IncidentStore;
import dev.vigil.inhibit.Inhibitor;
import dev.vigil.label.Labels;
import dev.vigil.silence.Silences;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Why an alert pages nobody now: the silences that match it and the firing alert that inhibits it (by rules/'s
 * {@code inhibit_rules}). The firing alerts are those of open incidents, read from the database.
 */
public final class Muting {
    /** The most open incidents whose alerts are looked at as inhibition sources. */
    static final int OPEN_INCIDENTS = 1000;
    private final Silences silences;
    private final IncidentStore incidents;
    private final Supplier<RuleSet> rules;

    public Muting(Silences silences, IncidentStore incidents, Supplier<RuleSet> rules) {
        this.silences = silences;
        this.incidents = incidents;
        this.rules = rules;
    }

    /** Each reason an alert with these labels is muted, in words ("silence 3f2… {service="db"} until …"). */
    public Map<String, String> reasons(Labels labels) {
        Map<String, String> out = new LinkedHashMap<>();
        silences.muting(labels).forEach((id, what) -> out.put(id, "silence " + id + " " + what));
        inhibitedBy(labels, firing()).ifPresent(i -> out.put("inhibited", i.toString()));
        return out;
    }

    /** The firing alert that inhibits an alert, among {@code firing}. */
    public Optional<Inhibitor.Inhibition> inhibitedBy(Labels labels, List<Labels> firing) {
        return Inhibitor.inhibiting(labels, rules.get().inhibitRules(), firing);
    }

    /** The ids of the silences muting an alert. */
    public List<String> silencedBy(Labels labels) {
        return List.copyOf(silences.muting(labels).keySet());
    }

    /** The labels of every alert firing in an open incident. */
    public List<Labels> firing() {
        if (rules.get().inhibitRules().isEmpty()) {
            return List.of();
        }
        List<Incident> open = incidents.list(EnumSet.of(IncidentStatus.TRIGGERED, IncidentStatus.ACKNOWLEDGED),
                OPEN_INCIDENTS);
        return incidents.alerts(open.stream().map(Incident::id).toList()).values().stream().flatMap(List::stream)
                .filter(IncidentAlert::firing).map(IncidentAlert::labels).toList();
    }
}
