package dev.vigil.oncall;

import java.time.Instant;

/** Stored overrides: made and removed through the API, looked up when paging and answering who is on call. */
public interface OverrideStore extends OverrideLookup {
    ScheduleOverride add(String scheduleId, String userId, Instant start, Instant end, Instant now, String by);

    /** Deletes an override of the schedule; false when there is none with that id. */
    boolean delete(String scheduleId, long id);
}
