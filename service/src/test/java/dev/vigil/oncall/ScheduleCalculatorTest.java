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

    /**
     * Daily or weekly handoffs at a wall-clock time that a daylight-saving change skips or repeats. A handoff in
     * the hour that does not exist happens when the clock shows that time plus the gap (02:30 becomes 03:30);
     * one in the hour that happens twice happens the first time. Members [a, b] (daily) or [a..e] (weekly).
     */
    @ParameterizedTest(name = "{0} {1}: at {4} -> {5}")
    @CsvSource(delimiter = '|', value = {
        // London: 01:00 GMT becomes 02:00 BST on Sunday 2026-03-29; a 01:30 handoff happens at 02:30 BST.
        "Europe/London      | 2026-03-22T01:30 | 1d | gap     | 2026-03-29T01:29:00Z | a",
        "Europe/London      | 2026-03-22T01:30 | 1d | gap     | 2026-03-29T01:30:00Z | b",
        "Europe/London      | 2026-03-22T01:30 | 1d | after   | 2026-03-30T00:30:00Z | a",
        // New York: 02:00 EST becomes 03:00 EDT on 2026-03-08; a 02:30 handoff happens at 03:30 EDT (07:30Z).
        "America/New_York   | 2026-03-01T02:30 | 1d | gap     | 2026-03-08T07:29:00Z | a",
        "America/New_York   | 2026-03-01T02:30 | 1d | gap     | 2026-03-08T07:30:00Z | b",
        // New York: 02:00 EDT becomes 01:00 EST on 2026-11-01; 01:30 happens twice, the handoff at the first.
        "America/New_York   | 2026-10-25T01:30 | 1d | overlap | 2026-11-01T05:29:00Z | a",
        "America/New_York   | 2026-10-25T01:30 | 1d | overlap | 2026-11-01T05:30:00Z | b",
        "America/New_York   | 2026-10-25T01:30 | 1d | overlap | 2026-11-01T06:30:00Z | b",
        // Sydney: 02:00 AEST becomes 03:00 AEDT on Sunday 2026-10-04; a weekly 02:30 handoff happens at 03:30 AEDT.
        "Australia/Sydney   | 2026-09-06T02:30 | 1w | gap     | 2026-10-03T16:29:00Z | d",
        "Australia/Sydney   | 2026-09-06T02:30 | 1w | gap     | 2026-10-03T16:30:00Z | e",
        // Sydney: 03:00 AEDT becomes 02:00 AEST on Sunday 2026-04-05; 02:30 happens twice, the handoff at the first.
        "Australia/Sydney   | 2026-03-08T02:30 | 1w | overlap | 2026-04-04T15:29:00Z | d",
        "Australia/Sydney   | 2026-03-08T02:30 | 1w | overlap | 2026-04-04T15:30:00Z | e",
        "Australia/Sydney   | 2026-03-08T02:30 | 1w | overlap | 2026-04-04T16:30:00Z | e",
    })
    void handoffsInSkippedAndRepeatedHours(String zone, String start, String length, String kind, String at,
                                            String expected) {
        String[] members = length.equals("1d") ? new String[] {"a", "b"} : new String[] {"a", "b", "c", "d", "e"};
        Schedule s = new Schedule("s", ZoneId.of(zone), List.of(layer(start, length, List.of(), members)));
        assertThat(who(s, at)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "at {0}: until {1}")
    @CsvSource({
        "2026-11-03T12:00:00Z, 2026-11-03T17:00:00Z",
        "2026-11-03T18:00:00Z, 2026-11-04T09:00:00Z",
        "2026-11-07T12:00:00Z, 2026-11-09T09:00:00Z",
    })
    void untilIsTheNextChangeOfWhoIsOnCall(String at, String until) {
        Restriction office = new Restriction(Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
                DayOfWeek.THURSDAY, DayOfWeek.FRIDAY), LocalTime.of(9, 0), LocalTime.of(17, 0));
        Schedule s = schedule(layer("2026-10-19T09:00", "1w", List.of(), "alice", "bob"),
                layer("2026-10-19T09:00", "1d", List.of(office), "carol"));
        assertThat(ScheduleCalculator.nextChange(s, Instant.parse(at), java.time.Duration.ofDays(56)))
                .contains(Instant.parse(until));
    }

    @ParameterizedTest(name = "at {0} -> {1}")
    @CsvSource({
        "2026-11-03T09:59:00Z, alice",
        "2026-11-03T10:00:00Z, bob",
        "2026-11-03T11:00:00Z, carol",
        "2026-11-03T12:00:00Z, bob",
        "2026-11-03T13:00:00Z, alice",
    })
    void overridesReplaceTheLayersAndTheNewestWins(String at, String expected) {
        Schedule s = schedule(layer("2026-10-19T09:00", "1w", List.of(), "alice"));
        List<ScheduleOverride> overrides = List.of(
                new ScheduleOverride(1, "s", "bob", Instant.parse("2026-11-03T10:00:00Z"), Instant.parse("2026-11-03T13:00:00Z"),
                        Instant.EPOCH, "x"),
                new ScheduleOverride(2, "s", "carol", Instant.parse("2026-11-03T11:00:00Z"),
                        Instant.parse("2026-11-03T12:00:00Z"), Instant.EPOCH, "x"));
        assertThat(ScheduleCalculator.onCallAt(s, overrides, Instant.parse(at))).containsExactly(expected);
        assertThat(ScheduleCalculator.nextChange(s, overrides, Instant.parse("2026-11-03T10:30:00Z"),
                java.time.Duration.ofDays(1))).contains(Instant.parse("2026-11-03T11:00:00Z"));
    }

    @org.junit.jupiter.api.Test
    void shiftsAreEachPersonsUnbrokenTimeOnCallWithOverridesAndClipping() {
        // A daily rota (09:00 London) of alice and alice again (back-to-back: one shift) then bob; an override
        // gives carol two hours in the middle of bob's shift, which splits it.
        Schedule s = schedule(layer("2026-11-02T09:00", "1d", List.of(), "alice", "alice", "bob"));
        List<ScheduleOverride> overrides = List.of(new ScheduleOverride(1, "s", "carol",
                Instant.parse("2026-11-04T12:00:00Z"), Instant.parse("2026-11-04T14:00:00Z"), Instant.EPOCH, "x"));
        List<ScheduleCalculator.Shift> shifts = ScheduleCalculator.shifts(s, overrides,
                Instant.parse("2026-11-02T00:00:00Z"), Instant.parse("2026-11-06T00:00:00Z"));
        assertThat(shifts).containsExactly(
                shift("alice", "2026-11-02T09:00:00Z", "2026-11-04T09:00:00Z"),
                shift("bob", "2026-11-04T09:00:00Z", "2026-11-04T12:00:00Z"),
                shift("carol", "2026-11-04T12:00:00Z", "2026-11-04T14:00:00Z"),
                shift("bob", "2026-11-04T14:00:00Z", "2026-11-05T09:00:00Z"),
                shift("alice", "2026-11-05T09:00:00Z", "2026-11-06T00:00:00Z"));
    }

    @org.junit.jupiter.api.Test
    void shiftsKeepTheirWallClockHandoffsAcrossTheAutumnChange() {
        Schedule s = schedule(layer("2026-10-19T09:00", "1w", List.of(), "alice", "bob"));
        assertThat(ScheduleCalculator.shifts(s, List.of(), Instant.parse("2026-10-19T08:00:00Z"),
                Instant.parse("2026-11-02T09:00:00Z"))).containsExactly(
                shift("alice", "2026-10-19T08:00:00Z", "2026-10-26T09:00:00Z"),
                shift("bob", "2026-10-26T09:00:00Z", "2026-11-02T09:00:00Z"));
    }

    private static ScheduleCalculator.Shift shift(String user, String start, String end) {
        return new ScheduleCalculator.Shift(user, Instant.parse(start), Instant.parse(end));
    }

    private static String who(Schedule s, String at) {
        List<String> users = ScheduleCalculator.onCallAt(s, Instant.parse(at));
        return users.isEmpty() ? "-" : String.join(",", users);
    }
}
