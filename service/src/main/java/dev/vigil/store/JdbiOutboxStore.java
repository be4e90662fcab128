package dev.vigil.store;

import dev.vigil.notify.IncidentNotice;
import dev.vigil.notify.OutboxMessage;
import dev.vigil.notify.OutboxStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The outbox table. A claimed message is leased for a minute (its next attempt moves on), so a crash
 * while sending makes it due again rather than lost. Messages to one destination go out in the order they were
 * written: one waits while an earlier one to the same place is pending (leased or waiting to retry).
 */
public final class JdbiOutboxStore implements OutboxStore {
    private static final Duration LEASE = Duration.ofMinutes(1);
    private final Jdbi jdbi;

    public JdbiOutboxStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    static void insert(Handle h, OutboxMessage m) {
        h.createUpdate("INSERT INTO outbox (incident_id, destination, recipient, notice, status, attempts, created_at, "
                        + "next_attempt_at) VALUES (:incident, :destination, :recipient, :notice, 'PENDING', 0, :now, :now)")
                .bind("incident", incidentId(m)).bind("destination", m.destination())
                .bind("recipient", m.recipient()).bind("notice", StoreJson.writeNotice(m.notice()))
                .bind("now", m.nextAttemptAt().toEpochMilli()).execute();
    }

    @Override
    public List<OutboxMessage> claimDue(Instant now, int limit) {
        return jdbi.inTransaction(h -> {
            List<OutboxMessage> due = h.createQuery("SELECT id, destination, recipient, notice, attempts, next_attempt_at "
                            + "FROM outbox o WHERE status = 'PENDING' AND next_attempt_at <= :now AND NOT EXISTS ("
                            + "SELECT 1 FROM outbox e WHERE e.destination = o.destination AND e.status = 'PENDING' "
                            + "AND e.id < o.id) ORDER BY id LIMIT :limit FOR UPDATE")
                    .bind("now", now.toEpochMilli()).bind("limit", limit)
                    .map((rs, ctx) -> new OutboxMessage(rs.getLong(1), rs.getString(2), rs.getString(3),
                            StoreJson.readNotice(rs.getString(4)), rs.getInt(5), Instant.ofEpochMilli(rs.getLong(6))))
                    .list();
            for (OutboxMessage m : due) {
                h.createUpdate("UPDATE outbox SET next_attempt_at = :lease, attempts = attempts + 1 WHERE id = :id")
                        .bind("lease", now.plus(LEASE).toEpochMilli()).bind("id", m.id()).execute();
            }
            return due;
        });
    }

    @Override
    public void sent(OutboxMessage m, String ref, String timeline, Instant now) {
        jdbi.useTransaction(h -> {
            h.createUpdate("UPDATE outbox SET status = 'SENT', sent_at = :now, ref = :ref WHERE id = :id")
                    .bind("now", now.toEpochMilli()).bind("ref", ref).bind("id", m.id()).execute();
            event(h, m, now, "notified", timeline);
        });
    }

    @Override
    public void retryLater(OutboxMessage m, String reason, Instant nextAttempt) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE outbox SET next_attempt_at = :next, last_error = :reason WHERE id = :id")
                .bind("next", nextAttempt.toEpochMilli()).bind("reason", truncate(reason)).bind("id", m.id()).execute());
    }

    @Override
    public void failed(OutboxMessage m, String reason, String timeline, Instant now) {
        jdbi.useTransaction(h -> {
            h.createUpdate("UPDATE outbox SET status = 'FAILED', last_error = :reason WHERE id = :id")
                    .bind("reason", truncate(reason)).bind("id", m.id()).execute();
            event(h, m, now, "notify_failed", timeline);
        });
    }

    @Override
    public Backlog backlog(Instant now) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*), MIN(created_at) FROM outbox WHERE status = 'PENDING'")
                .map((rs, ctx) -> {
                    long oldest = rs.getLong(2);
                    boolean none = rs.wasNull();
                    return new Backlog(rs.getLong(1), none ? 0 : Math.max(0, now.toEpochMilli() - oldest) / 1000.0);
                }).one());
    }

    /** The incident a message is about, or null for a team notice. */
    private static Long incidentId(OutboxMessage m) {
        return m.notice() instanceof IncidentNotice n ? n.incidentId() : null;
    }

    /** Records a delivery in the incident's timeline; team notices have none. */
    private static void event(Handle h, OutboxMessage m, Instant now, String kind, String body) {
        Long incident = incidentId(m);
        if (incident == null) {
            return;
        }
        h.createUpdate("INSERT INTO incident_events (incident_id, happened_at, kind, body) VALUES (:id, :at, :kind, :body)")
                .bind("id", incident).bind("at", now.toEpochMilli()).bind("kind", kind)
                .bind("body", body).execute();
    }

    private static String truncate(String s) {
        return s == null ? "" : s.length() > 2000 ? s.substring(0, 2000) : s;
    }
}
