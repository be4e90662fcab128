package dev.vigil.api;

import biweekly.Biweekly;
import biweekly.ICalVersion;
import biweekly.ICalendar;
import biweekly.ValidationWarnings;
import biweekly.component.VEvent;
import dev.vigil.config.RuleSet;
import dev.vigil.oncall.Schedule;
import dev.vigil.oncall.ScheduleCalculator.Shift;
import dev.vigil.oncall.User;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * A schedule's shifts as an RFC 5545 calendar (biweekly writes it): one event per person per unbroken shift, times
 * in UTC, a UID that stays the same from one fetch to the next so subscribed calendars update rather than
 * duplicate, and a refresh hint for clients that honour it.
 */
final class ShiftCalendar {
    private static final String PRODUCT = "-//Vigil//On-call schedules//EN";

    private ShiftCalendar() {
    }

    static String render(RuleSet world, Schedule schedule, List<Shift> shifts, Optional<String> onlyUser, Instant now) {
        ICalendar calendar = new ICalendar();
        calendar.setProductId(PRODUCT);
        String name = "On call: " + schedule.id() + onlyUser.map(u -> " (" + name(world, u) + ")").orElse("");
        calendar.setName(name);
        calendar.setExperimentalProperty("X-WR-CALNAME", name);
        calendar.setExperimentalProperty("X-WR-TIMEZONE", schedule.timeZone().getId());
        // RFC 7986 wants VALUE=DURATION on REFRESH-INTERVAL, though DURATION is its only value type.
        calendar.setRefreshInterval(biweekly.util.Duration.fromMillis(Duration.ofHours(1).toMillis()))
                .getParameters().replace("VALUE", "DURATION");
        for (Shift s : shifts) {
            if (onlyUser.isPresent() && !onlyUser.get().equals(s.userId())) {
                continue;
            }
            String who = name(world, s.userId());
            VEvent event = new VEvent();
            event.setUid(schedule.id() + "/" + s.userId() + "/" + s.start().getEpochSecond() + "@vigil");
            event.setDateTimeStamp(Date.from(now));
            event.setDateStart(Date.from(s.start()));
            event.setDateEnd(Date.from(s.end()));
            event.setSummary("On call: " + who + " (" + schedule.id() + ")");
            event.setDescription(who + " is on call for " + schedule.id() + " (" + schedule.timeZone().getId() + ").");
            calendar.addEvent(event);
        }
        ValidationWarnings warnings = calendar.validate(ICalVersion.V2_0);
        if (!warnings.isEmpty()) {
            throw new IllegalStateException("the calendar Vigil built is not valid iCalendar: " + warnings);
        }
        return Biweekly.write(calendar).go();
    }

    private static String name(RuleSet world, String userId) {
        return world.user(userId).map(User::name).orElse(userId);
    }
}
