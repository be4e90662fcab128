package dev.vigil.incident;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Incidents, their alerts and timelines; changes go through {@link #inTransaction} so they land whole. */
public interface IncidentStore {
    <T> T inTransaction(Function<IncidentTx, T> work);

    /**
     * Runs {@code work} with every read and transaction in it on one database connection, taken once: a request
     * that changes an incident and then reads it back waits for the pool once, not once a query (under load the
     * wait for a connection is most of a request's time). Other stores just run it.
     */
    default <T> T oneConnection(java.util.function.Supplier<T> work) {
        return work.get();
    }

    Optional<Incident> find(long id);

    /** The open incident of a group (what {@link IncidentTx#lockOpen} finds, without locking it). */
    Optional<Incident> findOpen(String groupKey);

    /** The newest {@code limit} incidents in {@code statuses} (all when empty), newest first. */
    default List<Incident> list(Set<IncidentStatus> statuses, int limit) {
        return list(statuses, limit, Long.MAX_VALUE);
    }

    /** The same, among incidents whose id is below {@code before}: the next page after an id. */
    List<Incident> list(Set<IncidentStatus> statuses, int limit, long before);

    List<IncidentAlert> alerts(long incidentId);

    /** The alerts of several incidents in one read, by incident id; an incident with none is absent. */
    Map<Long, List<IncidentAlert>> alerts(Collection<Long> incidentIds);

    List<TimelineEvent> timeline(long incidentId);

    /**
     * The people (user ids from rules/) who were messaged about the incident, paged or told of a change, each with
     * when the first message to them was queued, earliest first. Channels are left out.
     */
    Map<String, Instant> messagedPeople(long incidentId);

    /** Ids of incidents whose notice timer is due at {@code now}, soonest first. */
    List<Long> dueTimers(Instant now, int limit);

    /** The notice timers of several incidents in one read, by incident id; an incident without one is absent. */
    Map<Long, GroupTimer> timers(Collection<Long> incidentIds);

    /** Ids of triggered incidents whose next escalation step is due at {@code now}. */
    List<Long> dueForEscalation(Instant now, int limit);
}
