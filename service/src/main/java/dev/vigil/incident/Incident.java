package dev.vigil.incident;

import dev.vigil.escalation.EscalationState;
import dev.vigil.label.Labels;
import java.time.Instant;
import java.util.Optional;

/**
 * A group of alerts that pages a team, as stored. {@code escalation} and {@code nextEscalationAt} say what
 * the escalation does next and when; both are empty once it has stopped.
 */
public record Incident(long id, String groupKey, String title, IncidentStatus status, String severity, String team,
                       Labels labels, String runbookUrl, boolean page, String policy, Instant openedAt,
                       Optional<Instant> acknowledgedAt, Optional<Instant> resolvedAt,
                       Optional<EscalationState> escalation, Optional<Instant> nextEscalationAt) {

    public Incident withStatus(IncidentStatus s, Instant at) {
        return new Incident(id, groupKey, title, s, severity, team, labels, runbookUrl, page, policy, openedAt,
                s == IncidentStatus.ACKNOWLEDGED ? Optional.of(at) : acknowledgedAt,
                s == IncidentStatus.RESOLVED ? Optional.of(at) : resolvedAt, Optional.empty(), Optional.empty());
    }

    public Incident withEscalation(Optional<EscalationState> next, Optional<Instant> at) {
        return new Incident(id, groupKey, title, status, severity, team, labels, runbookUrl, page, policy, openedAt,
                acknowledgedAt, resolvedAt, next, at);
    }

    /** The same incident with another severity and title (a responder's triage). */
    public Incident withTriage(String newSeverity, String newTitle) {
        return new Incident(id, groupKey, newTitle, status, newSeverity, team, labels, runbookUrl, page, policy, openedAt,
                acknowledgedAt, resolvedAt, escalation, nextEscalationAt);
    }

    public Incident withId(long newId) {
        return new Incident(newId, groupKey, title, status, severity, team, labels, runbookUrl, page, policy, openedAt,
                acknowledgedAt, resolvedAt, escalation, nextEscalationAt);
    }
}
