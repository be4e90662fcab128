package dev.vigil.api;

import dev.vigil.config.RuleSet;
import dev.vigil.config.Suggestions;
import dev.vigil.oncall.OverrideLookup;
import dev.vigil.oncall.Schedule;
import dev.vigil.oncall.ScheduleCalculator;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/schedules/{id}/ical[?user=ID][&weeks=N]}: the schedule's shifts that end after a week ago and
 * start before N weeks ahead (default 8, at most 26), overrides applied, as an iCalendar feed a calendar app can
 * subscribe to.
 */
@Path("/api/v1/schedules/{schedule}/ical")
public final class ScheduleCalendarResource {
    static final String TEXT_CALENDAR = "text/calendar; charset=utf-8";
    private static final int DEFAULT_WEEKS = 8;
    private static final int MAX_WEEKS = 26;
    private static final Duration PAST = Duration.ofDays(7);
    private static final Duration LOOK_BACK = Duration.ofDays(28);

    private final Supplier<RuleSet> rules;
    private final OverrideLookup overrides;
    private final InstantSource clock;

    public ScheduleCalendarResource(Supplier<RuleSet> rules, OverrideLookup overrides, InstantSource clock) {
        this.rules = rules;
        this.overrides = overrides;
        this.clock = clock;
    }

    @GET
    @Produces(TEXT_CALENDAR)
    public String get(@PathParam("schedule") String id, @QueryParam("user") String user,
                      @QueryParam("weeks") String weeks) {
        RuleSet world = rules.get();
        Schedule schedule = Schedules.require(world, id);
        Optional<String> only = Optional.ofNullable(user).filter(u -> !u.isBlank());
        if (only.isPresent() && !world.users().containsKey(only.get())) {
            throw new BadRequestException("user: \"" + only.get() + "\" is not a user in rules/"
                    + Suggestions.hint(only.get(), world.users().keySet()));
        }
        Instant now = clock.instant();
        Instant from = now.minus(PAST);
        Instant to = now.plus(Duration.ofDays(7L * weeks(weeks)));
        // Shifts are computed from further back and those that ended before the window dropped, so the first
        // event keeps its real start (and its UID) from one fetch to the next instead of starting "a week ago".
        Instant lookBack = from.minus(LOOK_BACK);
        List<ScheduleCalculator.Shift> shifts = ScheduleCalculator.shifts(schedule,
                overrides.overlapping(id, lookBack, to), lookBack, to).stream()
                .filter(s -> s.end().isAfter(from)).toList();
        return ShiftCalendar.render(world, schedule, shifts, only, now);
    }

    private static int weeks(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_WEEKS;
        }
        try {
            int n = Integer.parseInt(text.strip());
            if (n >= 1 && n <= MAX_WEEKS) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadRequestException("weeks: \"" + text + "\" is not a number of weeks from 1 to " + MAX_WEEKS);
    }
}
