package dev.vigil.store;

import dev.vigil.oncall.ScheduleOverride;
import dev.vigil.oncall.OverrideStore;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** Schedule overrides in the database. */
public final class JdbiOverrideStore implements OverrideStore {
    private final Jdbi jdbi;

    public JdbiOverrideStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public ScheduleOverride add(String scheduleId, String userId, Instant start, Instant end, Instant now, String by) {
        long id = jdbi.withHandle(h -> h.createUpdate("INSERT INTO schedule_overrides (schedule_id, user_id, starts_at, "
                        + "ends_at, created_at, created_by) VALUES (:s, :u, :start, :end, :now, :by)")
                .bind("s", scheduleId).bind("u", userId).bind("start", start.toEpochMilli()).bind("end", end.toEpochMilli())
                .bind("now", now.toEpochMilli()).bind("by", by)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        return new ScheduleOverride(id, scheduleId, userId, start, end, now, by);
    }

    @Override
    public boolean delete(String scheduleId, long id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM schedule_overrides WHERE id = :id AND schedule_id = :s")
                .bind("id", id).bind("s", scheduleId).execute()) > 0;
    }

    @Override
    public List<ScheduleOverride> overlapping(String scheduleId, Instant from, Instant to) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, schedule_id, user_id, starts_at, ends_at, created_at, "
                        + "created_by FROM schedule_overrides WHERE schedule_id = :s AND ends_at > :from AND starts_at < :to "
                        + "ORDER BY id")
                .bind("s", scheduleId).bind("from", from.toEpochMilli()).bind("to", to.toEpochMilli())
                .map((rs, ctx) -> new ScheduleOverride(rs.getLong(1), rs.getString(2), rs.getString(3),
                        Instant.ofEpochMilli(rs.getLong(4)), Instant.ofEpochMilli(rs.getLong(5)),
                        Instant.ofEpochMilli(rs.getLong(6)), rs.getString(7)))
                .list());
    }
}
