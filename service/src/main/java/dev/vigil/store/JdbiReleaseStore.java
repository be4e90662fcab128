package dev.vigil.store;

import dev.vigil.release.ReleaseRun;
import dev.vigil.release.ReleaseStore;
import dev.vigil.release.StepReport;
import dev.vigil.release.StepStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Release runs and step reports in the database. */
public final class JdbiReleaseStore implements ReleaseStore {
    private final Jdbi jdbi;

    public JdbiReleaseStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public ReleaseRun create(String pipeline, String version, Instant now) {
        long id = jdbi.withHandle(h -> h.createUpdate(
                        "INSERT INTO release_runs (pipeline, version, started_at) VALUES (:p, :v, :at)")
                .bind("p", pipeline).bind("v", version).bind("at", now.toEpochMilli())
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        return new ReleaseRun(id, pipeline, version, now, Map.of());
    }

    @Override
    public Optional<ReleaseRun> find(long id) {
        return jdbi.withHandle(h -> read(h, id));
    }

    /** The run and its steps' latest reports, in one query. */
    private static Optional<ReleaseRun> read(Handle h, long id) {
        return run(id, h.createQuery("SELECT r.pipeline, r.version, r.started_at, s.step, s.status, s.message, "
                        + "s.url, s.updated_at, s.started_at AS step_started_at FROM release_runs r LEFT JOIN release_steps s "
                        + "ON s.run_id = r.id WHERE r.id = :id")
                .bind("id", id)
                .map((rs, ctx) -> runRow(rs, 1))
                .list());
    }

    /** A row of a run read with its steps: the run's columns, and a step's latest report (null: no step yet). */
    private record RunRow(String pipeline, String version, Instant startedAt, StepReport report) {
    }

    /** The run's row from column {@code at} on: pipeline, version, started_at, then the step's six columns. */
    private static RunRow runRow(java.sql.ResultSet rs, int at) throws java.sql.SQLException {
        StepReport report = rs.getString(at + 3) == null ? null : new StepReport(rs.getString(at + 3),
                StepStatus.valueOf(rs.getString(at + 4)), rs.getString(at + 5), rs.getString(at + 6),
                Instant.ofEpochMilli(rs.getLong(at + 7)), JdbiIncidentStore.instant(rs, "step_started_at"));
        return new RunRow(rs.getString(at), rs.getString(at + 1), Instant.ofEpochMilli(rs.getLong(at + 2)), report);
    }

    /** The run from its rows; empty without rows. */
    private static Optional<ReleaseRun> run(long id, List<RunRow> rows) {
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Map<String, StepReport> reports = new HashMap<>();
        rows.stream().map(RunRow::report).filter(java.util.Objects::nonNull).forEach(r -> reports.put(r.step(), r));
        RunRow first = rows.get(0);
        return Optional.of(new ReleaseRun(id, first.pipeline(), first.version(), first.startedAt(), reports));
    }

    @Override
    public Optional<Locked> lock(long runId) {
        return jdbi.withHandle(h -> {
            // The run's row lock until the transaction ends; a lock, not an update that writes a new row version.
            Optional<Boolean> finished = h.createQuery("SELECT finished_at FROM release_runs WHERE id = :id FOR UPDATE")
                    .bind("id", runId).map((rs, ctx) -> rs.getObject(1) != null).findOne();
            if (finished.isEmpty()) {
                return Optional.empty();
            }
            // Then the run, its steps and its marks in one query: a statement of its own, so that it reads what a
            // report that held the lock before this one committed. A mark's row is (step, mark) in the step columns.
            List<Object> rows = h.createQuery("SELECT 'step', r.pipeline, r.version, r.started_at, s.step, s.status, "
                            + "s.message, s.url, s.updated_at, s.started_at AS step_started_at FROM release_runs r "
                            + "LEFT JOIN release_steps s ON s.run_id = r.id WHERE r.id = :id UNION ALL "
                            + "SELECT 'mark', NULL, NULL, NULL, m.step, m.mark, NULL, NULL, NULL, NULL "
                            + "FROM release_step_marks m WHERE m.run_id = :id")
                    .bind("id", runId)
                    .map((rs, ctx) -> rs.getString(1).equals("mark") ? (Object) (rs.getString(5) + "/" + rs.getString(6))
                            : runRow(rs, 2))
                    .list();
            Set<String> marks = rows.stream().filter(String.class::isInstance).map(String.class::cast)
                    .collect(Collectors.toSet());
            List<RunRow> run = rows.stream().filter(RunRow.class::isInstance).map(RunRow.class::cast).toList();
            return run(runId, run).map(r -> new Locked(r, marks, finished.get()));
        });
    }

    @Override
    public ReleaseRun report(ReleaseRun run, StepReport r) {
        StepReport previous = run.reports().get(r.step());
        // started_at moves only when the step starts running again after anything else.
        Optional<Instant> started = r.status() == StepStatus.RUNNING
                && (previous == null || previous.status() != StepStatus.RUNNING) ? Optional.of(r.updatedAt())
                : previous == null ? Optional.empty() : previous.startedAt();
        StepReport stored = new StepReport(r.step(), r.status(), r.message(), r.url(), r.updatedAt(), started);
        Map<String, Object> row = new HashMap<>();
        row.put("status", r.status().name());
        row.put("message", r.message());
        row.put("url", r.url());
        row.put("at", r.updatedAt().toEpochMilli());
        row.put("run", run.id());
        row.put("step", r.step());
        row.put("started", started.map(Instant::toEpochMilli).orElse(null));
        jdbi.useHandle(h -> PendingWrites.add(h, previous == null
                ? "INSERT INTO release_steps (run_id, step, status, message, url, updated_at, started_at) "
                + "VALUES (:run, :step, :status, :message, :url, :at, :started)"
                : "UPDATE release_steps SET status = :status, message = :message, url = :url, updated_at = :at, "
                + "started_at = :started WHERE run_id = :run AND step = :step", row));
        Map<String, StepReport> reports = new HashMap<>(run.reports());
        reports.put(r.step(), stored);
        return new ReleaseRun(run.id(), run.pipeline(), run.version(), run.startedAt(), reports);
    }

    @Override
    public java.util.List<ReleaseRun> recent(Optional<String> pipeline, int limit) {
        return jdbi.withHandle(h -> {
            var q = h.createQuery("SELECT id FROM release_runs" + (pipeline.isPresent() ? " WHERE pipeline = :p" : "")
                    + " ORDER BY id DESC LIMIT :limit").bind("limit", limit);
            pipeline.ifPresent(p -> q.bind("p", p));
            return q.mapTo(Long.class).list();
        }).stream().map(this::find).flatMap(Optional::stream).toList();
    }

    @Override
    public java.util.List<ReleaseRun> inFlightSince(Instant from) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM release_runs WHERE finished_at IS NULL "
                        + "AND started_at >= :from ORDER BY id")
                .bind("from", from.toEpochMilli()).mapTo(Long.class).list()).stream()
                .map(this::find).flatMap(Optional::stream).toList();
    }

    @Override
    public void finished(long runId, Optional<Instant> at) {
        Map<String, Object> row = new HashMap<>();
        row.put("at", at.map(Instant::toEpochMilli).orElse(null));
        row.put("run", runId);
        jdbi.useHandle(h -> PendingWrites.add(h, "UPDATE release_runs SET finished_at = :at WHERE id = :run", row));
    }

    @Override
    public boolean mark(long runId, String step, String mark, Instant now) {
        try {
            return jdbi.withHandle(h -> h.createUpdate("INSERT INTO release_step_marks (run_id, step, mark, at) "
                            + "SELECT :run, :step, :mark, :at WHERE NOT EXISTS (SELECT 1 FROM release_step_marks "
                            + "WHERE run_id = :run AND step = :step AND mark = :mark)")
                    .bind("run", runId).bind("step", step).bind("mark", mark).bind("at", now.toEpochMilli())
                    .execute()) == 1;
        } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException e) {
            if (SqlStates.uniqueViolation(e)) {
                throw new IllegalStateException("another node marked " + mark + " on " + runId + "/" + step, e);
            }
            throw e;
        }
    }

    @Override
    public java.util.Set<String> marks(long runId) {
        return new java.util.HashSet<>(jdbi.withHandle(h -> h.createQuery(
                        "SELECT step, mark FROM release_step_marks WHERE run_id = :run").bind("run", runId)
                .map((rs, ctx) -> rs.getString(1) + "/" + rs.getString(2)).list()));
    }

    @Override
    public boolean unmark(long runId, String step, String mark) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM release_step_marks WHERE run_id = :run AND step = :step "
                        + "AND mark = :mark").bind("run", runId).bind("step", step).bind("mark", mark).execute()) == 1;
    }

    @Override
    public void follow(long runId, String step, String externalId, String link, Instant nextCheck) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO release_external_runs (run_id, step, external_id, link, "
                        + "next_check_at, failures) VALUES (:run, :step, :id, :link, :next, 0)")
                .bind("run", runId).bind("step", step).bind("id", externalId).bind("link", link)
                .bind("next", nextCheck.toEpochMilli()).execute());
    }

    @Override
    public java.util.List<External> externalsDue(Instant now, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT run_id, step, external_id, link, failures FROM "
                        + "release_external_runs WHERE next_check_at <= :now ORDER BY next_check_at LIMIT :limit")
                .bind("now", now.toEpochMilli()).bind("limit", limit)
                .map((rs, ctx) -> new External(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5))).list());
    }

    @Override
    public java.util.Set<String> following(long runId) {
        return new java.util.HashSet<>(jdbi.withHandle(h -> h.createQuery(
                        "SELECT step FROM release_external_runs WHERE run_id = :run").bind("run", runId)
                .mapTo(String.class).list()));
    }

    @Override
    public void checked(long runId, String step, Instant nextCheck, int failures) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE release_external_runs SET next_check_at = :next, failures = :f "
                        + "WHERE run_id = :run AND step = :step").bind("next", nextCheck.toEpochMilli())
                .bind("f", failures).bind("run", runId).bind("step", step).execute());
    }

    @Override
    public void unfollow(long runId, String step) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM release_external_runs WHERE run_id = :run AND step = :step")
                .bind("run", runId).bind("step", step).execute());
    }

    @Override
    public dev.vigil.notify.Outbox outbox() {
        return message -> jdbi.useHandle(h -> JdbiOutboxStore.insert(h, message));
    }

    @Override
    public <T> T atomically(Supplier<T> work) {
        // Jdbi's thread-local handle scope makes the other stores' calls inside this callback use this handle, and a
        // transaction opened inside one already running joins it.
        return PendingWrites.inTransaction(jdbi, h -> work.get());
    }
}
