package dev.vigil.api;

import dev.vigil.config.RuleSet;
import dev.vigil.oncall.Schedule;
import dev.vigil.oncall.ScheduleCalculator.Shift;
import dev.vigil.oncall.User;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.ParameterList;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.parameter.Value;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.RefreshInterval;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.XProperty;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;
import net.fortuna.ical4j.validate.ValidationException;

/**
 * A schedule's shifts as an RFC 5545 calendar (ical4j writes it): one event per person per unbroken shift, times
 * in UTC, a UID that stays the same from one fetch to the next so subscribed calendars update rather than
 * duplicate, and a refresh hint for clients that honour it.
 */
final class ShiftCalendar {
    private static final String PRODUCT = "-//Vigil//On-call schedules//EN";

    private ShiftCalendar() {
    }

    static String render(RuleSet world, Schedule schedule, List<Shift> shifts, Optional<String> onlyUser, Instant now) {
        Calendar calendar = new Calendar();
        calendar.add(new ProdId(PRODUCT));
        calendar.add(ImmutableVersion.VERSION_2_0);
        calendar.add(ImmutableCalScale.GREGORIAN);
        String name = "On call: " + schedule.id() + onlyUser.map(u -> " (" + name(world, u) + ")").orElse("");
        calendar.add(new XProperty("X-WR-CALNAME", name));
        calendar.add(new XProperty("X-WR-TIMEZONE", schedule.timeZone().getId()));
        calendar.add(new RefreshInterval(new ParameterList(List.of(Value.DURATION)), Duration.ofHours(1)));
        for (Shift s : shifts) {
            if (onlyUser.isPresent() && !onlyUser.get().equals(s.userId())) {
                continue;
            }
            VEvent event = new VEvent(s.start(), s.end(), "On call: " + name(world, s.userId()) + " (" + schedule.id() + ")");
            event.replace(new DtStamp(now));
            event.add(new Uid(schedule.id() + "/" + s.userId() + "/" + s.start().getEpochSecond() + "@vigil"));
            event.add(new Description(name(world, s.userId()) + " is on call for " + schedule.id() + " ("
                    + schedule.timeZone().getId() + ")."));
            calendar.add(event);
        }
        StringWriter out = new StringWriter();
        try {
            new CalendarOutputter(true).output(calendar, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ValidationException e) {
            throw new IllegalStateException("the calendar Vigil built is not valid iCalendar: " + e.getMessage(), e);
        }
        return out.toString();
    }

    private static String name(RuleSet world, String userId) {
        return Optional.ofNullable(world.users().get(userId)).map(User::name).orElse(userId);
    }
}
