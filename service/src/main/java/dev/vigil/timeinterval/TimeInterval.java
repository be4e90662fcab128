package dev.vigil.timeinterval;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * One entry of a named {@code time_intervals:} declaration, as Alertmanager 0.25 reads it: an instant is inside when
 * it falls in every field given (times, weekdays, days of month, months, years), each field being a list of ranges
 * any of which may hold it. An absent field holds every instant. Times are minutes of the day, the end excluded;
 * every other range includes both ends. Fields are read in {@code location} (UTC when absent).
 */
public record TimeInterval(List<Range> times, List<Range> weekdays, List<Range> daysOfMonth, List<Range> months,
                           List<Range> years, ZoneId location) {

    /** From {@code begin} to {@code end}; both included, except for times, whose end is the first minute outside. */
    public record Range(int begin, int end) {
    }

    public TimeInterval {
        times = times == null ? null : List.copyOf(times);
        weekdays = weekdays == null ? null : List.copyOf(weekdays);
        daysOfMonth = daysOfMonth == null ? null : List.copyOf(daysOfMonth);
        months = months == null ? null : List.copyOf(months);
        years = years == null ? null : List.copyOf(years);
        location = location == null ? ZoneId.of("UTC") : location;
    }

    public boolean contains(Instant instant) {
        ZonedDateTime t = instant.atZone(location);
        int minute = t.getHour() * 60 + t.getMinute();
        if (times != null && times.stream().noneMatch(r -> minute >= r.begin() && minute < r.end())) {
            return false;
        }
        if (daysOfMonth != null && daysOfMonth.stream().noneMatch(r -> holdsDay(r, t))) {
            return false;
        }
        int month = t.getMonthValue();
        if (months != null && months.stream().noneMatch(r -> month >= r.begin() && month <= r.end())) {
            return false;
        }
        int weekday = t.getDayOfWeek().getValue() % 7; // Sunday is 0, as in Go
        if (weekdays != null && weekdays.stream().noneMatch(r -> weekday >= r.begin() && weekday <= r.end())) {
            return false;
        }
        int year = t.getYear();
        return years == null || years.stream().anyMatch(r -> year >= r.begin() && year <= r.end());
    }

    /** A negative day counts from the month's end (-1 is its last day); a range past the month's end is clamped. */
    private static boolean holdsDay(Range r, ZonedDateTime t) {
        int days = YearMonth.from(t).lengthOfMonth();
        int begin = r.begin() < 0 ? days + r.begin() + 1 : r.begin();
        int end = r.end() < 0 ? days + r.end() + 1 : r.end();
        if (begin > days) {
            return false;
        }
        begin = Math.max(-days, Math.min(begin, days));
        end = Math.max(-days, Math.min(end, days));
        return t.getDayOfMonth() >= begin && t.getDayOfMonth() <= end;
    }

    /** Whether any of a named declaration's entries holds {@code instant}. */
    public static boolean any(List<TimeInterval> intervals, Instant instant) {
        return intervals.stream().anyMatch(i -> i.contains(instant));
    }
}
