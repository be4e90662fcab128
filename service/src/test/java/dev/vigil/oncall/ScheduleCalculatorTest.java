package dev.vigil.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Who is on call at T (SPEC §3.4). The UK leaves summer time at 02:00 BST on Sunday 2026-10-25. */
class ScheduleCalculatorTest {
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    private static Schedule schedule(Layer... layers) {
        return new Schedule("s", LONDON, List.of(layers));
    }

    private static Layer layer(String start, String length, List<Restriction> restrictions, String... members) {
        return new Layer("l", LocalDateTime.parse(start), ShiftLength.parse(length), List.of(members), restrictions);
    }

    @ParameterizedTest(name = "{0}: weekly at {1} -> {2}")
    @CsvSource({
        "before the first shift,                       2026-10-19T07:59:00Z, -",
        "first shift starts 09:00 BST,                 2026-10-19T08:00:00Z, alice",
        "still alice at 08:30 GMT after the change,    2026-10-26T08:30:00Z, alice",
        "handoff stays at 09:00 local (09:00Z in GMT), 2026-10-26T09:00:00Z, bob",
        "third week wraps to alice,                    2026-11-02T09:00:00Z, alice",
    })
    void weeklyShiftsHandOffAtTheSameWallClockTime(String name, String at, String expected) {
        Schedule s = schedule(layer("2026-10-19T09:00", "1w", List.of(), "alice", "bob"));
        assertThat(who(s, at)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}: 12h at {1} -> {2}")
    @CsvSource({
        "first shift from 20:00 BST,                   2026-10-24T19:00:00Z, alice",
        "12 elapsed hours later is 07:00 GMT (not 08:00), 2026-10-25T07:00:00Z, bob",
        "one minute before,                            2026-10-25T06:59:00Z, alice",
    })
    void hourShiftsAreElapsedTime(String name, String at, String expected) {
        Schedule s = schedule(layer("2026-10-24T20:00", "12h", List.of(), "alice", "bob"));
        assertThat(who(s, at)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}: at {1} -> {2}")
    @CsvSource({
        "weekday office hours: the later layer wins,  2026-11-02T10:00:00Z, carol",
        "weekday evening: only the base layer,        2026-11-02T18:00:00Z, alice",
        "Saturday: the restricted layer is empty,     2026-11-07T10:00:00Z, alice",
        "window ends at 17:00 exactly,                2026-11-02T17:00:00Z, alice",
    })
    void laterLayersWinWhereTheyHaveSomeone(String name, String at, String expected) {
        Restriction office = new Restriction(Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
                DayOfWeek.THURSDAY, DayOfWeek.FRIDAY), LocalTime.of(9, 0), LocalTime.of(17, 0));
        Schedule s = schedule(layer("2026-10-19T09:00", "1w", List.of(), "alice"),
                layer("2026-10-19T09:00", "1d", List.of(office), "carol"));
        assertThat(who(s, at)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}: at {1} -> {2}")
    @CsvSource({
        "Monday 23:00 inside the night window,        2026-11-02T23:00:00Z, night",
        "Tuesday 05:59 still in Monday's window,      2026-11-03T05:59:00Z, night",
        "Tuesday 06:00 the window has ended,          2026-11-03T06:00:00Z, -",
        "Monday 03:00 belongs to Sunday's window,     2026-11-02T03:00:00Z, -",
    })
    void restrictionWindowsMayCrossMidnight(String name, String at, String expected) {
        Restriction night = new Restriction(Set.of(DayOfWeek.MONDAY), LocalTime.of(22, 0), LocalTime.of(6, 0));
        Schedule s = schedule(layer("2026-10-19T00:00", "1w", List.of(night), "night"));
        assertThat(who(s, at)).isEqualTo(expected);
    }

    private static String who(Schedule s, String at) {
        List<String> users = ScheduleCalculator.onCallAt(s, Instant.parse(at));
        return users.isEmpty() ? "-" : String.join(",", users);
    }
}
