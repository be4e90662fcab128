package dev.vigil.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * An incident's notice timers, kept as a row beside it: the settings of the route that opened it, when the planner
 * must look at it next ({@code flushAt}), when its first page went out ({@code pagedAt}; empty while it waits out
 * {@code group_wait}), when its last notice went out, and why its notices were muted at that notice ("" when not).
 */
public record GroupTimer(long incidentId, String routeId, Duration groupWait, Duration groupInterval,
                         Duration repeatInterval, Optional<Instant> flushAt, Optional<Instant> pagedAt,
                         Optional<Instant> noticedAt, String muted) {
    public GroupTimer {
        muted = muted == null ? "" : muted;
    }

    /** The timer of an incident a route has just opened, its first page due at {@code firstDue}: nothing sent yet. */
    public static GroupTimer opened(long incidentId, dev.vigil.routing.Route route, Instant firstDue) {
        return new GroupTimer(incidentId, route.id(), route.groupWait(), route.groupInterval(), route.repeatInterval(),
                Optional.of(firstDue), Optional.empty(), Optional.empty(), "");
    }

    /**
     * The timer an incident opened before timers existed stands for: paged when it opened, every change told at once,
     * never repeated.
     */
    public static GroupTimer paged(Incident i) {
        return new GroupTimer(i.id(), "", Duration.ZERO, Duration.ZERO, Duration.ZERO, Optional.empty(),
                Optional.of(i.openedAt()), Optional.of(i.openedAt()), "");
    }

    public GroupTimer flushAt(Optional<Instant> at) {
        return new GroupTimer(incidentId, routeId, groupWait, groupInterval, repeatInterval, at, pagedAt, noticedAt,
                muted);
    }

    /** The timer after a notice at {@code now} that found the incident muted for {@code why} ("" when not). */
    public GroupTimer noticed(Instant now, String why, Optional<Instant> nextFlush) {
        return new GroupTimer(incidentId, routeId, groupWait, groupInterval, repeatInterval, nextFlush,
                Optional.of(pagedAt.orElse(now)), Optional.of(now), why);
    }
}
