package dev.vigil.timeinterval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.timeinterval.TimeInterval.Range;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Alertmanager 0.25's {@code TimeInterval.ContainsTime}: every given field must hold, any of its ranges. */
class TimeIntervalTest {
    private static TimeInterval only(List<Range> times, List<Range> weekdays, List<Range> days, List<Range> months,
                                     List<Range> years, String zone) {
        return new TimeInterval(times, weekdays, days, months, years, zone == null ? null : ZoneId.of(zone));
    }

    @Test
    void businessHoursInBerlinOnWeekdays() {
        // 09:00-17:00 Monday to Friday, in Europe/Berlin (UTC+1 in December).
        TimeInterval office = only(List.of(new Range(9 * 60, 17 * 60)), List.of(new Range(1, 5)), null, null, null,
                "Europe/Berlin");
        assertThat(office.contains(Instant.parse("2026-12-01T08:00:00Z"))).as("Tue 09:00 Berlin").isTrue();
        assertThat(office.contains(Instant.parse("2026-12-01T07:59:00Z"))).as("Tue 08:59 Berlin").isFalse();
        assertThat(office.contains(Instant.parse("2026-12-01T15:59:00Z"))).as("Tue 16:59 Berlin").isTrue();
        assertThat(office.contains(Instant.parse("2026-12-01T16:00:00Z"))).as("end excluded").isFalse();
        assertThat(office.contains(Instant.parse("2026-12-05T10:00:00Z"))).as("Saturday").isFalse();
        assertThat(office.contains(Instant.parse("2026-12-06T10:00:00Z"))).as("Sunday is 0").isFalse();
    }

    @Test
    void withoutALocationFieldsAreReadInUtc() {
        TimeInterval night = only(List.of(new Range(0, 6 * 60)), null, null, null, null, null);
        assertThat(night.contains(Instant.parse("2026-12-01T05:59:00Z"))).isTrue();
        assertThat(night.contains(Instant.parse("2026-12-01T06:00:00Z"))).isFalse();
        TimeInterval whole = only(List.of(new Range(23 * 60, 24 * 60)), null, null, null, null, null);
        assertThat(whole.contains(Instant.parse("2026-12-01T23:59:59Z"))).as("24:00 ends the day").isTrue();
    }

    @Test
    void negativeDaysOfMonthCountFromTheMonthsEnd() {
        TimeInterval lastThree = only(null, null, List.of(new Range(-3, -1)), null, null, null);
        assertThat(lastThree.contains(Instant.parse("2026-02-26T12:00:00Z"))).as("Feb has 28 days").isTrue();
        assertThat(lastThree.contains(Instant.parse("2026-02-25T12:00:00Z"))).isFalse();
        assertThat(lastThree.contains(Instant.parse("2026-12-29T12:00:00Z"))).isTrue();
        assertThat(lastThree.contains(Instant.parse("2026-12-28T12:00:00Z"))).isFalse();
        TimeInterval thirty = only(null, null, List.of(new Range(30, 31)), null, null, null);
        assertThat(thirty.contains(Instant.parse("2026-02-28T12:00:00Z"))).as("a day past the month's end").isFalse();
        assertThat(thirty.contains(Instant.parse("2026-04-30T12:00:00Z"))).isTrue();
    }

    @Test
    void monthsAndYearsIncludeBothEndsAndEveryFieldMustHold() {
        TimeInterval winter = only(null, List.of(new Range(6, 6), new Range(0, 0)), null,
                List.of(new Range(12, 12), new Range(1, 2)), List.of(new Range(2026, 2027)), null);
        assertThat(winter.contains(Instant.parse("2026-12-05T12:00:00Z"))).as("a Saturday in December").isTrue();
        assertThat(winter.contains(Instant.parse("2026-12-04T12:00:00Z"))).as("a Friday").isFalse();
        assertThat(winter.contains(Instant.parse("2027-02-06T12:00:00Z"))).as("a Saturday in February 2027").isTrue();
        assertThat(winter.contains(Instant.parse("2028-01-01T12:00:00Z"))).as("2028").isFalse();
        assertThat(TimeInterval.any(List.of(winter, only(null, List.of(new Range(5, 5)), null, null, null, null)),
                Instant.parse("2026-12-04T12:00:00Z"))).as("any entry of a named interval").isTrue();
    }
}
