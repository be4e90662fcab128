package dev.vigil.oncall;

import java.time.Instant;

/** Someone taking a schedule over for [start, end), made through the API; the newest of overlapping ones wins. */
public record ScheduleOverride(long id, String scheduleId, String userId, Instant start, Instant end, Instant createdAt,
                       String createdBy) {
    public ScheduleOverride {
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("end: " + end + " (expected: after start " + start + ")");
        }
    }

    public boolean covers(Instant t) {
        return !t.isBefore(start) && t.isBefore(end);
    }
}
