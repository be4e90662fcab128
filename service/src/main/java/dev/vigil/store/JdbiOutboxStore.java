package dev.vigil.store;

import dev.vigil.notify.BoardNotice;
import dev.vigil.notify.IncidentNotice;
import dev.vigil.notify.IncidentUpdate;
import dev.vigil.notify.Posted;
import dev.vigil.notify.StepNotice;
import dev.vigil.notify.OutboxMessage;
import dev.vigil.notify.OutboxStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.SqlStatements;

/**
 * The outbox table. A claimed message is leased for a minute to the node that claimed it (its next attempt moves
 * on), so a crash while sending makes it due again rather than lost; a node that stops beating loses its leases
 * at once. Messages to one destination go out in the order they were written: one waits while an earlier one to
 * the same place is pending (leased or waiting to retry). So a claim leases only a destination's oldest message,
 * and those bundled behind it are held by that lease: they are read, not locked or written, until sent.
 */
public final class JdbiOutboxStore implements OutboxStore {
    private static final Duration LEASE = Duration.ofMinutes(1);
    /** The handle attribute holding what to run after a transaction that enqueued a message commits. */
    private static final String ON_ENQUEUE = "vigil.outbox.onEnqueue";
    private static final String COLUMNS = "id, destination, recipient, notice, attempts, next_attempt_at";
    private static final RowMapper<OutboxMessage> MESSAGE = (rs, ctx) -> new OutboxMessage(rs.getLong(1),
            rs.getString(2), rs.getString(3), StoreJson.readNotice(rs.getString(4)), rs.getInt(5),
            Instant.ofEpochMilli(rs.getLong(6)));
    private static final String INSERT = "INSERT INTO outbox (incident_id, destination, recipient, notice, status, "
            + "attempts, created_at, next_attempt_at) VALUES (:incident, :destination, :recipient, :notice, 'PENDING', 0, "
            + ":now, :now)";
    private final Jdbi jdbi;

    public JdbiOutboxStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** {@code wake} runs after every transaction that enqueued a message commits: the sender starts at once. */
    public void onEnqueue(Runnable wake) {
        jdbi.define(ON_ENQUEUE, wake);
    }

    static void insert(Handle h, OutboxMessage m) {
        Map<String, Object> row = new HashMap<>();
        Long incident = incidentId(m);
        if (incident != null) {
            row.put("incident", incident);
        }
        row.put("destination", m.destination());
        row.put("recipient", m.recipient());
        row.put("notice", StoreJson.writeNotice(m.notice()));
        row.put("now", m.nextAttemptAt().toEpochMilli());
        // A team notice has no incident: its own statement, so that each batch binds the same types in every row.
        PendingWrites.add(h, incident == null ? INSERT.replace(":incident", "NULL") : INSERT, row);
        if (h.getConfig(SqlStatements.class).getAttribute(ON_ENQUEUE) instanceof Runnable wake) {
            h.afterCommit(wake);
        }
    }

    @Override
    public List<Claim> claim(String node, Instant now, int limit, Set<String> skip, Predicate<String> bundle,
                             int bundleMax) {
        return jdbi.inTransaction(h -> {
            // Only the oldest pending message of a destination may go (each destination's order is kept): those
            // heads first, from the index's short range of pending rows, then the ones that are due, locked.
            List<Long> heads = h.createQuery("SELECT destination, MIN(id) FROM outbox WHERE status = 'PENDING' "
                            + "GROUP BY destination")
                    .map((rs, ctx) -> skip.contains(rs.getString(1)) ? null : rs.getLong(2))
                    .filter(java.util.Objects::nonNull).list();
            if (heads.isEmpty()) {
                return List.of();
            }
            List<Claim> claims = new ArrayList<>();
            for (OutboxMessage head : h.createQuery("SELECT " + COLUMNS + " FROM outbox WHERE id IN (<heads>) "
                            + "AND status = 'PENDING' AND next_attempt_at <= :now ORDER BY id LIMIT :limit FOR UPDATE")
                    .bindList("heads", heads).bind("now", now.toEpochMilli()).bind("limit", limit)
                    .map(MESSAGE).list()) {
                List<OutboxMessage> messages = new ArrayList<>(List.of(head));
                if (bundleMax > 1 && bundle.test(head.destination())) {
                    // Not locked, not leased: nobody claims them while their head is pending (above).
                    messages.addAll(h.createQuery("SELECT " + COLUMNS + " FROM outbox WHERE destination = :d "
                                    + "AND status = 'PENDING' AND id > :head AND next_attempt_at <= :now "
                                    + "ORDER BY id LIMIT :n")
                            .bind("d", head.destination()).bind("head", head.id()).bind("now", now.toEpochMilli())
                            .bind("n", bundleMax - 1).map(MESSAGE).list());
                }
                h.createUpdate("UPDATE outbox SET next_attempt_at = :lease, attempts = attempts + 1, "
                                + "leased_by = :node WHERE id = :head")
                        .bind("lease", now.plus(LEASE).toEpochMilli()).bind("node", node).bind("head", head.id())
                        .execute();
                claims.add(new Claim(head.destination(), messages));
            }
            return claims;
        });
    }

    @Override
    public void sent(List<OutboxMessage> messages, String ref, String channel, Function<OutboxMessage, String> timeline,
                     Instant now) {
        jdbi.useTransaction(h -> {
            h.createUpdate("UPDATE outbox SET status = 'SENT', sent_at = :now, ref = :ref, leased_by = NULL "
                            + "WHERE id IN (<ids>)")
                    .bind("now", now.toEpochMilli()).bind("ref", ref).bindList("ids", ids(messages)).execute();
            Long incident = incidentId(messages.get(0));
            if (messages.size() == 1 && incident != null && !channel.isEmpty() && ref != null && !ref.isEmpty()) {
                h.createUpdate("INSERT INTO slack_messages (incident_id, destination, channel, ts, posted_at) "
                                + "VALUES (:incident, :destination, :channel, :ts, :now)")
                        .bind("incident", incident).bind("destination", messages.get(0).destination())
                        .bind("channel", channel).bind("ts", ref).bind("now", now.toEpochMilli()).execute();
            }
            if (messages.size() == 1 && messages.get(0).notice() instanceof BoardNotice b && !channel.isEmpty()
                    && ref != null && !ref.isEmpty()) {
                h.createUpdate("INSERT INTO release_boards (run_id, channel, ts) SELECT :run, :channel, :ts "
                                + "WHERE NOT EXISTS (SELECT 1 FROM release_boards WHERE run_id = :run)")
                        .bind("run", b.runId()).bind("channel", channel).bind("ts", ref).execute();
            }
            if (messages.size() == 1 && messages.get(0).notice() instanceof StepNotice s && !s.ended()
                    && !channel.isEmpty() && ref != null && !ref.isEmpty()) {
                h.createUpdate("INSERT INTO release_step_messages (run_id, step, channel, ts) SELECT :run, :step, "
                                + ":channel, :ts WHERE NOT EXISTS (SELECT 1 FROM release_step_messages WHERE run_id = :run "
                                + "AND step = :step)")
                        .bind("run", s.runId()).bind("step", s.step()).bind("channel", channel).bind("ts", ref).execute();
            }
            events(h, messages, now, "notified", timeline);
        });
    }

    @Override
    public java.util.Optional<Posted> stepMessage(long runId, String step) {
        return jdbi.withHandle(h -> h.createQuery("SELECT channel, ts FROM release_step_messages WHERE run_id = :run "
                        + "AND step = :step").bind("run", runId).bind("step", step)
                .map((rs, ctx) -> new Posted(rs.getString(1), rs.getString(2))).findOne());
    }

    @Override
    public java.util.Optional<Posted> board(long runId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT channel, ts FROM release_boards WHERE run_id = :run")
                .bind("run", runId).map((rs, ctx) -> new Posted(rs.getString(1), rs.getString(2))).findOne());
    }

    @Override
    public List<Posted> posted(long incidentId, String destination) {
        return jdbi.withHandle(h -> h.createQuery("SELECT channel, ts FROM slack_messages "
                        + "WHERE incident_id = :incident AND destination = :destination ORDER BY id")
                .bind("incident", incidentId).bind("destination", destination)
                .map((rs, ctx) -> new Posted(rs.getString(1), rs.getString(2))).list());
    }

    @Override
    public void retryLater(List<OutboxMessage> messages, String reason, Instant nextAttempt) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE outbox SET next_attempt_at = :next, last_error = :reason, "
                        + "leased_by = NULL WHERE id IN (<ids>)")
                .bind("next", nextAttempt.toEpochMilli()).bind("reason", truncate(reason)).bindList("ids", ids(messages))
                .execute());
    }

    @Override
    public void failed(List<OutboxMessage> messages, String reason, Function<OutboxMessage, String> timeline,
                       Instant now) {
        jdbi.useTransaction(h -> {
            h.createUpdate("UPDATE outbox SET status = 'FAILED', last_error = :reason, sent_at = :now, "
                            + "leased_by = NULL WHERE id IN (<ids>)")
                    .bind("reason", truncate(reason)).bind("now", now.toEpochMilli()).bindList("ids", ids(messages))
                    .execute();
            events(h, messages, now, "notify_failed", timeline);
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

    @Override
    public long failedSince(Instant since) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM outbox WHERE status = 'FAILED' AND sent_at >= :t")
                .bind("t", since.toEpochMilli()).mapTo(Long.class).one());
    }

    @Override
    public void heartbeat(String node, Instant now) {
        jdbi.useHandle(h -> {
            int n = h.createUpdate("UPDATE vigil_nodes SET seen_at = :now WHERE node_id = :node")
                    .bind("now", now.toEpochMilli()).bind("node", node).execute();
            if (n == 0) {
                h.createUpdate("INSERT INTO vigil_nodes (node_id, started_at, seen_at) VALUES (:node, :now, :now)")
                        .bind("now", now.toEpochMilli()).bind("node", node).execute();
            }
            // Nodes silent for a day are gone for good; their rows only slow the lookup down.
            h.createUpdate("DELETE FROM vigil_nodes WHERE seen_at < :old")
                    .bind("old", now.minus(Duration.ofDays(1)).toEpochMilli()).execute();
        });
    }

    @Override
    public List<String> liveNodes(Instant now, Duration silence) {
        return jdbi.withHandle(h -> h.createQuery("SELECT node_id FROM vigil_nodes WHERE seen_at >= :alive ORDER BY node_id")
                .bind("alive", now.minus(silence).toEpochMilli()).mapTo(String.class).list());
    }

    @Override
    public int releaseLeasesOfSilentNodes(String node, Instant now, Duration silence) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE outbox SET next_attempt_at = :now, leased_by = NULL "
                        + "WHERE status = 'PENDING' AND leased_by IS NOT NULL AND leased_by <> :node "
                        + "AND leased_by NOT IN (SELECT node_id FROM vigil_nodes WHERE seen_at >= :alive)")
                .bind("now", now.toEpochMilli()).bind("node", node)
                .bind("alive", now.minus(silence).toEpochMilli()).execute());
    }

    /** The incident a message is about, or null for a team notice. */
    private static Long incidentId(OutboxMessage m) {
        return m.notice() instanceof IncidentNotice n ? Long.valueOf(n.incidentId())
                : m.notice() instanceof IncidentUpdate u ? Long.valueOf(u.incidentId()) : null;
    }

    private static List<Long> ids(List<OutboxMessage> messages) {
        return messages.stream().map(OutboxMessage::id).toList();
    }

    /** Records deliveries in their incidents' timelines, in one batch; team notices have none. */
    private static void events(Handle h, List<OutboxMessage> messages, Instant now, String kind,
                               Function<OutboxMessage, String> body) {
        PreparedBatch batch = h.prepareBatch(
                "INSERT INTO incident_events (incident_id, happened_at, kind, body) VALUES (:id, :at, :kind, :body)");
        for (OutboxMessage m : messages) {
            Long incident = incidentId(m);
            if (incident != null) {
                batch.bind("id", incident).bind("at", now.toEpochMilli()).bind("kind", kind).bind("body", body.apply(m))
                        .add();
            }
        }
        if (batch.size() > 0) {
            batch.execute();
        }
    }

    private static String truncate(String s) {
        return s == null ? "" : s.length() > 2000 ? s.substring(0, 2000) : s;
    }
}
