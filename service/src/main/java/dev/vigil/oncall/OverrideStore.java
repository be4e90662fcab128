package dev.vigil.oncall;

import java.time.Instant;
import java.util.List;

/** Stored overrides. */
public interface OverrideStore {
    ScheduleOverride add(String scheduleId, String userId, Instant start, Instant end, Instant now, String by);

    /** Deletes an override of the schedule; false when there is none with that id. */
    boolean delete(String scheduleId, long id);

    /** The schedule's overrides that overlap [from, to), oldest first. */
    List<ScheduleOverride> overlapping(String scheduleId, Instant from, Instant to);

    /** No overrides, for tools without a database. */
    OverrideStore NONE = new OverrideStore() {
        @Override
        public ScheduleOverride add(String scheduleId, String userId, Instant start, Instant end, Instant now, String by) {
            throw new UnsupportedOperationException("overrides need the database");
        }

        @Override
        public boolean delete(String scheduleId, long id) {
            return false;
        }

        @Override
        public List<ScheduleOverride> overlapping(String scheduleId, Instant from, Instant to) {
            return List.of();
        }
    };
}
