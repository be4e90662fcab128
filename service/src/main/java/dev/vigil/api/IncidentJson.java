package dev.vigil.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.vigil.incident.Incident;
import dev.vigil.incident.IncidentAlert;
import dev.vigil.incident.TimelineEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An incident as the API shows it (SPEC §4); {@code timeline} only on the single-incident call. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IncidentJson(long id, String title, String status, String severity, String team,
                           Map<String, String> labels, List<AlertJson> alerts, String runbookUrl, Instant openedAt,
                           Instant acknowledgedAt, Instant resolvedAt, Instant nextEscalationAt,
                           List<EventJson> timeline) {

    /** One alert of the incident. */
    public record AlertJson(String fingerprint, String status, Map<String, String> labels,
                            Map<String, String> annotations, Instant startsAt, Instant endsAt) {
        static AlertJson of(IncidentAlert a) {
            return new AlertJson(a.fingerprint(), a.firing() ? "firing" : "resolved", a.labels().asMap(),
                    a.annotations(), a.startsAt(), a.endsAt().orElse(null));
        }
    }

    /** One timeline event; {@code actor} (who did it) only on what a person or an API token did. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EventJson(Instant at, String kind, String text, String actor) {
        static EventJson of(TimelineEvent e) {
            return new EventJson(e.at(), e.kind(), e.text(), e.actor().orElse(null));
        }
    }

    static IncidentJson of(Incident i, List<IncidentAlert> alerts, List<TimelineEvent> timeline) {
        return new IncidentJson(i.id(), i.title(), i.status().apiName(), i.severity(), i.team(), i.labels().asMap(),
                alerts.stream().map(AlertJson::of).toList(), i.runbookUrl(), i.openedAt(),
                i.acknowledgedAt().orElse(null), i.resolvedAt().orElse(null), i.nextEscalationAt().orElse(null),
                timeline == null ? null : timeline.stream().map(EventJson::of).toList());
    }
}
