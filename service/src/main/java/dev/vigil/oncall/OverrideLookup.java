package dev.vigil.oncall;

import java.time.Instant;
import java.util.List;

/** What paging needs of overrides: those of a schedule that overlap a span. */
@FunctionalInterface
public interface OverrideLookup {
    /** The schedule's overrides that overlap [from, to), oldest first. */
    List<ScheduleOverride> overlapping(String scheduleId, Instant from, Instant to);

    /** No overrides. */
    OverrideLookup NONE = (scheduleId, from, to) -> List.of();
}
