package dev.vigil.incident;

import dev.vigil.notify.Outbox;
import java.util.List;
import java.util.Optional;

/** What one transaction can read and change; reads of incidents lock them until it ends. */
public interface IncidentTx {
    Optional<Incident> lockOpen(String groupKey);

    Optional<Incident> lock(long id);

    /** Open incidents in which the alert with this fingerprint fires. */
    List<Incident> lockOpenFiring(String fingerprint);

    /** Stores a new incident; returns it with its id. */
    Incident insert(Incident incident);

    void update(Incident incident);

    List<IncidentAlert> alerts(long incidentId);

    void putAlert(long incidentId, IncidentAlert alert);

    void record(long incidentId, TimelineEvent event);

    /** The incident's notice timer; empty for an incident opened before timers were kept. */
    Optional<GroupTimer> timer(long incidentId);

    /** Stores the timer of an incident this transaction opened; once. */
    void insertTimer(GroupTimer timer);

    /** Changes a stored timer. */
    void updateTimer(GroupTimer timer);

    /** Marks every alert of the incident as told: a notice has gone out with their present state. */
    void markNotified(long incidentId);

    /** Every destination a message about the incident was written for (sent or not), with its recipient, oldest first. */
    java.util.Map<String, String> destinations(long incidentId);

    Outbox outbox();
}
