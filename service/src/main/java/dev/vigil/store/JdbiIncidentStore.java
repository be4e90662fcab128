package dev.vigil.store;

import dev.vigil.escalation.EscalationState;
import dev.vigil.incident.GroupAlreadyOpenException;
import dev.vigil.incident.GroupTimer;
import dev.vigil.incident.Incident;
import dev.vigil.incident.IncidentAlert;
import dev.vigil.incident.IncidentStatus;
import dev.vigil.incident.IncidentStore;
import dev.vigil.incident.IncidentTx;
import dev.vigil.incident.TimelineEvent;
import dev.vigil.notify.Outbox;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Incidents, their alerts and timeline events in the database. */
public final class JdbiIncidentStore implements IncidentStore {
    private static final String COLUMNS = "id, group_key, title, status, severity, team, labels, runbook_url, page, "
            + "policy, opened_at, acknowledged_at, resolved_at, escalation_step, escalation_cycle, next_escalation_at";
    private static final String INSERT_INCIDENT = "INSERT INTO incidents (group_key, open_group_key, title, status, "
            + "severity, team, labels, runbook_url, page, policy, opened_at, acknowledged_at, resolved_at, "
            + "escalation_step, escalation_cycle, next_escalation_at) VALUES (:group_key, :open_group_key, "
            + ":title, :status, :severity, :team, :labels, :runbook_url, :page, :policy, :opened_at, "
            + ":acknowledged_at, :resolved_at, :escalation_step, :escalation_cycle, :next_escalation_at)";
    private static final String ALERT_COLUMNS = "fingerprint, labels, annotations, firing, starts_at, ends_at, notified";
    private static final String TIMER_COLUMNS = "incident_id, route_id, group_wait_ms, group_interval_ms, "
            + "repeat_interval_ms, flush_at, paged_at, noticed_at, muted";
    /** The longest mute reason a timer keeps. */
    private static final int MUTED_MAX = 2000;

    private final Jdbi jdbi;

    public JdbiIncidentStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Whether the database is PostgreSQL, which can insert-unless-taken without a savepoint; asked once. */
    private volatile Boolean postgres;

    private boolean postgres(Handle h) {
        if (postgres == null) {
            postgres = Databases.postgres(h);
        }
        return postgres;
    }

    @Override
    public <T> T inTransaction(Function<IncidentTx, T> work) {
        return PendingWrites.inTransaction(jdbi, h -> work.apply(new Tx(h, postgres(h))));
    }

    /** Jdbi hands the thread's open handle to nested calls, so everything in {@code work} shares this one. */
    @Override
    public <T> T oneConnection(java.util.function.Supplier<T> work) {
        return jdbi.withHandle(h -> work.get());
    }

    @Override
    public Optional<Incident> findOpen(String groupKey) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM incidents WHERE open_group_key = :k")
                .bind("k", groupKey).map((rs, ctx) -> incident(rs)).findOne());
    }

    @Override
    public Optional<Incident> find(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM incidents WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> incident(rs)).findOne());
    }

    @Override
    public List<Incident> list(Set<IncidentStatus> statuses, int limit, long before) {
        return jdbi.withHandle(h -> {
            String where = " WHERE id < :before" + (statuses.isEmpty() ? "" : " AND status IN (<statuses>)");
            var q = h.createQuery("SELECT " + COLUMNS + " FROM incidents" + where + " ORDER BY id DESC LIMIT :limit")
                    .bind("limit", limit).bind("before", before);
            if (!statuses.isEmpty()) {
                q.bindList("statuses", statuses.stream().map(Enum::name).toList());
            }
            return q.map((rs, ctx) -> incident(rs)).list();
        });
    }

    @Override
    public List<IncidentAlert> alerts(long incidentId) {
        return jdbi.withHandle(h -> new Tx(h, postgres(h)).alerts(incidentId));
    }

    @Override
    public Map<Long, List<IncidentAlert>> alerts(Collection<Long> incidentIds) {
        if (incidentIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, List<IncidentAlert>> out = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT incident_id, " + ALERT_COLUMNS + " FROM incident_alerts "
                        + "WHERE incident_id IN (<ids>) ORDER BY starts_at, fingerprint")
                .bindList("ids", List.copyOf(incidentIds))
                .map((rs, ctx) -> Map.entry(rs.getLong(1), alert(rs, 1)))
                .forEach(e -> out.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue())));
        return out;
    }

    @Override
    public List<TimelineEvent> timeline(long incidentId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT happened_at, kind, body, actor FROM incident_events "
                        + "WHERE incident_id = :id ORDER BY id")
                .bind("id", incidentId)
                .map((rs, ctx) -> new TimelineEvent(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getString(3),
                        Optional.ofNullable(rs.getString(4))))
                .list());
    }

    @Override
    public Map<String, Instant> messagedPeople(long incidentId) {
        Map<String, Instant> first = new LinkedHashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT recipient, MIN(created_at) AS first_at FROM outbox "
                        + "WHERE incident_id = :id AND recipient NOT LIKE '#%' GROUP BY recipient ORDER BY first_at, recipient")
                .bind("id", incidentId)
                .map((rs, ctx) -> Map.entry(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2))))
                .forEach(e -> first.put(e.getKey(), e.getValue())));
        return first;
    }

    @Override
    public List<Long> dueTimers(Instant now, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT incident_id FROM incident_timers WHERE flush_at <= :now "
                        + "ORDER BY flush_at LIMIT :limit")
                .bind("now", now.toEpochMilli()).bind("limit", limit).mapTo(Long.class).list());
    }

    @Override
    public Map<Long, GroupTimer> timers(Collection<Long> incidentIds) {
        if (incidentIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, GroupTimer> out = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT " + TIMER_COLUMNS + " FROM incident_timers WHERE incident_id IN (<ids>)")
                .bindList("ids", List.copyOf(incidentIds)).map((rs, ctx) -> timer(rs))
                .forEach(t -> out.put(t.incidentId(), t)));
        return out;
    }

    private static GroupTimer timer(ResultSet rs) throws SQLException {
        return new GroupTimer(rs.getLong("incident_id"), rs.getString("route_id"),
                Duration.ofMillis(rs.getLong("group_wait_ms")), Duration.ofMillis(rs.getLong("group_interval_ms")),
                Duration.ofMillis(rs.getLong("repeat_interval_ms")), instant(rs, "flush_at"), instant(rs, "paged_at"),
                instant(rs, "noticed_at"), rs.getString("muted"));
    }

    private static Map<String, Object> timerColumns(GroupTimer t) {
        Map<String, Object> m = new HashMap<>();
        m.put("id", t.incidentId());
        m.put("route", t.routeId());
        m.put("wait", t.groupWait().toMillis());
        m.put("interval", t.groupInterval().toMillis());
        m.put("repeat", t.repeatInterval().toMillis());
        m.put("flush", millis(t.flushAt()));
        m.put("paged", millis(t.pagedAt()));
        m.put("noticed", millis(t.noticedAt()));
        m.put("muted", t.muted().length() <= MUTED_MAX ? t.muted() : t.muted().substring(0, MUTED_MAX - 1) + "…");
        return m;
    }

    @Override
    public List<Long> dueForEscalation(Instant now, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM incidents WHERE next_escalation_at <= :now "
                        + "AND status = 'TRIGGERED' ORDER BY next_escalation_at LIMIT :limit")
                .bind("now", now.toEpochMilli()).bind("limit", limit).mapTo(Long.class).list());
    }

    static Incident incident(ResultSet rs) throws SQLException {
        Integer step = (Integer) rs.getObject("escalation_step");
        Integer cycle = (Integer) rs.getObject("escalation_cycle");
        return new Incident(rs.getLong("id"), rs.getString("group_key"), rs.getString("title"),
                IncidentStatus.valueOf(rs.getString("status")), rs.getString("severity"), rs.getString("team"),
                StoreJson.labels(rs.getString("labels")), rs.getString("runbook_url"), rs.getBoolean("page"),
                rs.getString("policy"), Instant.ofEpochMilli(rs.getLong("opened_at")),
                instant(rs, "acknowledged_at"), instant(rs, "resolved_at"),
                step == null ? Optional.empty() : Optional.of(new EscalationState(step, cycle)),
                instant(rs, "next_escalation_at"));
    }

    /** An incident alert from {@link #ALERT_COLUMNS}, which start after the first {@code skip} columns. */
    private static IncidentAlert alert(ResultSet rs, int skip) throws SQLException {
        return new IncidentAlert(rs.getString(skip + 1), StoreJson.labels(rs.getString(skip + 2)),
                StoreJson.map(rs.getString(skip + 3)), rs.getBoolean(skip + 4),
                Instant.ofEpochMilli(rs.getLong(skip + 5)), instant(rs, "ends_at"), rs.getBoolean(skip + 7));
    }

    static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
    }

    static Long millis(Optional<Instant> t) {
        return t.map(Instant::toEpochMilli).orElse(null);
    }

    /** One transaction's view, on one handle. */
    private static final class Tx implements IncidentTx {
        private final Handle h;
        /** Incidents this transaction created: they have no alert rows to update yet. */
        private final Set<Long> created = new java.util.HashSet<>();

        private final boolean postgres;

        Tx(Handle h, boolean postgres) {
            this.h = h;
            this.postgres = postgres;
        }

        @Override
        public Optional<Incident> lockOpen(String groupKey) {
            return h.createQuery("SELECT " + COLUMNS + " FROM incidents WHERE open_group_key = :k FOR UPDATE")
                    .bind("k", groupKey).map((rs, ctx) -> incident(rs)).findOne();
        }

        @Override
        public Optional<Incident> lock(long id) {
            return h.createQuery("SELECT " + COLUMNS + " FROM incidents WHERE id = :id FOR UPDATE")
                    .bind("id", id).map((rs, ctx) -> incident(rs)).findOne();
        }

        @Override
        public List<Incident> lockOpenFiring(String fingerprint) {
            List<Long> ids = h.createQuery("SELECT a.incident_id FROM incident_alerts a JOIN incidents i "
                            + "ON i.id = a.incident_id WHERE a.fingerprint = :fp AND a.firing = TRUE "
                            + "AND i.status <> 'RESOLVED' ORDER BY a.incident_id")
                    .bind("fp", fingerprint).mapTo(Long.class).list();
            return ids.stream().map(this::lock).flatMap(Optional::stream).toList();
        }

        @Override
        public Incident insert(Incident i) {
            if (postgres) {
                // The group's open incident may have been opened by another transaction since our read: then nothing
                // is inserted, the transaction stays usable, and the caller joins that incident.
                Optional<Long> id = h.createUpdate(INSERT_INCIDENT + " ON CONFLICT (open_group_key) DO NOTHING")
                        .bindMap(incidentColumns(i))
                        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).findOne();
                if (id.isEmpty()) {
                    throw new GroupAlreadyOpenException(i.groupKey(), null);
                }
                created.add(id.get());
                return i.withId(id.get());
            }
            // A savepoint, so that losing the race for a group leaves the transaction usable (PostgreSQL aborts it
            // otherwise): the caller joins the winner's incident in the same transaction, which may hold more work.
            String savepoint = "incident_insert";
            PendingWrites.flush(h); // what waits was written before the savepoint, and a rollback to it keeps it
            h.savepoint(savepoint);
            try {
                Incident inserted = i.withId(insertRow(i));
                h.releaseSavepoint(savepoint);
                created.add(inserted.id());
                return inserted;
            } catch (UnableToExecuteStatementException e) {
                h.rollbackToSavepoint(savepoint);
                if (SqlStates.uniqueViolation(e)) {
                    throw new GroupAlreadyOpenException(i.groupKey(), e);
                }
                throw e;
            }
        }

        private long insertRow(Incident i) {
            return h.createUpdate(INSERT_INCIDENT).bindMap(incidentColumns(i))
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
        }

        @Override
        public void update(Incident i) {
            Map<String, Object> row = incidentColumns(i);
            row.put("id", i.id());
            PendingWrites.add(h, "UPDATE incidents SET open_group_key = :open_group_key, title = :title, "
                    + "status = :status, severity = :severity, team = :team, labels = :labels, "
                    + "runbook_url = :runbook_url, page = :page, policy = :policy, acknowledged_at = :acknowledged_at, "
                    + "resolved_at = :resolved_at, escalation_step = :escalation_step, "
                    + "escalation_cycle = :escalation_cycle, next_escalation_at = :next_escalation_at WHERE id = :id", row);
        }

        private static Map<String, Object> incidentColumns(Incident i) {
            Map<String, Object> m = new HashMap<>();
            m.put("group_key", i.groupKey());
            m.put("open_group_key", i.status().open() ? i.groupKey() : null);
            m.put("title", i.title());
            m.put("status", i.status().name());
            m.put("severity", i.severity());
            m.put("team", i.team());
            m.put("labels", StoreJson.write(i.labels().asMap()));
            m.put("runbook_url", i.runbookUrl());
            m.put("page", i.page());
            m.put("policy", i.policy());
            m.put("opened_at", i.openedAt().toEpochMilli());
            m.put("acknowledged_at", millis(i.acknowledgedAt()));
            m.put("resolved_at", millis(i.resolvedAt()));
            m.put("escalation_step", i.escalation().map(EscalationState::step).orElse(null));
            m.put("escalation_cycle", i.escalation().map(EscalationState::cycle).orElse(null));
            m.put("next_escalation_at", millis(i.nextEscalationAt()));
            return m;
        }

        @Override
        public List<IncidentAlert> alerts(long incidentId) {
            return h.createQuery("SELECT " + ALERT_COLUMNS
                            + " FROM incident_alerts WHERE incident_id = :id ORDER BY starts_at, fingerprint")
                    .bind("id", incidentId)
                    .map((rs, ctx) -> alert(rs, 0))
                    .list();
        }

        @Override
        public void putAlert(long incidentId, IncidentAlert a) {
            String insert = "INSERT INTO incident_alerts (incident_id, fingerprint, labels, annotations, firing, "
                    + "starts_at, ends_at, notified) VALUES (:id, :fp, :labels, :annotations, :firing, "
                    + ":starts_at, :ends_at, :notified)";
            if (created.contains(incidentId)) {
                // A new incident has no alert rows to update: the insert waits for the transaction's next statement.
                PendingWrites.add(h, insert, alertColumns(incidentId, a));
                return;
            }
            int updated = h.createUpdate("UPDATE incident_alerts SET labels = :labels, annotations = :annotations, "
                            + "firing = :firing, starts_at = :starts_at, ends_at = :ends_at, notified = :notified "
                            + "WHERE incident_id = :id AND fingerprint = :fp")
                    .bindMap(alertColumns(incidentId, a)).execute();
            if (updated == 0) {
                h.createUpdate(insert).bindMap(alertColumns(incidentId, a)).execute();
            }
        }

        private static java.util.Map<String, Object> alertColumns(long incidentId, IncidentAlert a) {
            java.util.Map<String, Object> m = new java.util.HashMap<>();
            m.put("id", incidentId);
            m.put("fp", a.fingerprint());
            m.put("labels", StoreJson.write(a.labels().asMap()));
            m.put("annotations", StoreJson.write(a.annotations()));
            m.put("firing", a.firing());
            m.put("starts_at", a.startsAt().toEpochMilli());
            m.put("ends_at", millis(a.endsAt()));
            m.put("notified", a.notified());
            return m;
        }

        @Override
        public void record(long incidentId, TimelineEvent e) {
            Map<String, Object> row = new HashMap<>();
            row.put("id", incidentId);
            row.put("at", e.at().toEpochMilli());
            row.put("kind", e.kind().toLowerCase(Locale.ROOT));
            row.put("body", e.text());
            row.put("actor", e.actor().orElse(null));
            PendingWrites.add(h, "INSERT INTO incident_events (incident_id, happened_at, kind, body, actor) "
                    + "VALUES (:id, :at, :kind, :body, :actor)", row);
        }

        @Override
        public Optional<GroupTimer> timer(long incidentId) {
            return h.createQuery("SELECT " + TIMER_COLUMNS + " FROM incident_timers WHERE incident_id = :id")
                    .bind("id", incidentId).map((rs, ctx) -> JdbiIncidentStore.timer(rs)).findOne();
        }

        @Override
        public void insertTimer(GroupTimer t) {
            PendingWrites.add(h, "INSERT INTO incident_timers (" + TIMER_COLUMNS + ") VALUES (:id, :route, :wait, "
                    + ":interval, :repeat, :flush, :paged, :noticed, :muted)", timerColumns(t));
        }

        @Override
        public void updateTimer(GroupTimer t) {
            PendingWrites.add(h, "UPDATE incident_timers SET flush_at = :flush, paged_at = :paged, noticed_at = :noticed, "
                    + "muted = :muted WHERE incident_id = :id", timerColumns(t));
        }

        @Override
        public void markNotified(long incidentId) {
            PendingWrites.add(h, "UPDATE incident_alerts SET notified = TRUE WHERE incident_id = :id "
                    + "AND notified = FALSE", Map.of("id", incidentId));
        }

        @Override
        public Map<String, String> destinations(long incidentId) {
            Map<String, String> out = new java.util.LinkedHashMap<>();
            h.createQuery("SELECT destination, MIN(recipient), MIN(id) FROM outbox WHERE incident_id = :id "
                            + "GROUP BY destination ORDER BY MIN(id)")
                    .bind("id", incidentId)
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                    .forEach(e -> out.put(e.getKey(), e.getValue()));
            return out;
        }

        @Override
        public Outbox outbox() {
            return message -> JdbiOutboxStore.insert(h, message);
        }
    }
}
