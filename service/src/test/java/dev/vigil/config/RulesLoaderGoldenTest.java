package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.runbook.RunbookCatalog;
import io.dropwizard.testing.ResourceHelpers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Golden files: a bad rules/ tree beside the exact report {@code check} must print for it. */
class RulesLoaderGoldenTest {
    private static final java.time.Instant NOW = java.time.Instant.parse("2026-11-22T00:00:00Z");
    /** The least on-call setup a rules/ folder needs, for tests of the other kinds. */
    private static final String ONCALL = """
            users: [{id: alice}]
            teams: [{id: t, slack_channel: C, escalation_policy: p}]
            escalation_policies: [{id: p, steps: [{targets: [user:alice], escalate_after: 5m}]}]
            route: {team: t}
            """;

    @ParameterizedTest(name = "golden/{0}")
    @ValueSource(strings = {"typos", "shapes", "broken"})
    void reportsEveryProblemWithItsPosition(String name) throws IOException {
        Path dir = Path.of(ResourceHelpers.resourceFilePath("golden/" + name));
        RulesLoader.Result result = load(dir.resolve("rules"), dir.resolve("runbooks"));
        List<String> report = result.problems().stream().map(Problem::toString)
                .map(line -> line.replace(dir + "/", "")).toList();
        assertThat(result.ok()).isFalse();
        assertThat(report).containsExactlyElementsOf(Files.readAllLines(dir.resolve("expected.txt")));
    }

    @Test
    void theShippedRulesAndRunbooksPassWithoutWarnings() {
        RulesLoader.Result result = load(Path.of("../rules"), Path.of("../runbooks"));
        assertThat(result.problems()).isEmpty();
        RuleSet rules = result.rules().orElseThrow();
        assertThat(rules.teams()).isNotEmpty();
        assertThat(rules.pipelines()).containsKey("data-release");
    }

    @Test
    void inhibitRulesAreReadAsAlertmanagerWritesThemAndWhatIsWrongIsReportedWithItsPosition() throws IOException {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "tmp")), "inhibit");
        Files.writeString(dir.resolve("oncall.yml"), ONCALL + """
                inhibit_rules:
                  - source_matchers: ['alertname="ReleaseStepFailed"']
                    target_matchers: ['alertname="ReleaseStepLate"']
                    equal: [release, run]
                """);
        RulesLoader.Result good = load(dir, dir);
        assertThat(good.problems()).isEmpty();
        assertThat(good.rules().orElseThrow().inhibitRules()).singleElement().satisfies(r -> {
            assertThat(r.equal()).containsExactly("release", "run");
            assertThat(r.sourceMatchers().get(0).value()).isEqualTo("ReleaseStepFailed");
        });

        Files.writeString(dir.resolve("oncall.yml"), ONCALL + """
                inhibit_rules:
                  - source_matchers: ['alertname=~"("']
                    target_match: {severity: warning}
                    equal: [bad-name]
                    equals: [x]
                """);
        RulesLoader.Result bad = load(dir, dir);
        assertThat(bad.ok()).isFalse();
        assertThat(bad.problems()).extracting(p -> p.line() + ":" + p.col() + " " + p.message()).containsExactly(
                "6:5 inhibit_rules[0]: an inhibit rule needs target_matchers (the alerts it mutes)",
                "6:23 inhibit_rules[0].source_matchers[0]: \"alertname=~\"(\"\": bad regex: error parsing regexp: "
                        + "missing closing ): `^(?:()$`",
                "7:19 inhibit_rules[0].target_match: Alertmanager's deprecated target_match is not read (expected: "
                        + "target_matchers, e.g. ['alertname=\"ReleaseStepFailed\"'])",
                "8:13 inhibit_rules[0].equal[0]: \"bad-name\" is not a label name",
                "9:5 inhibit_rules[0].equals: unknown key (did you mean \"equal\"?) (expected one of: equal, source_match, source_match_re, "
                        + "source_matchers, target_match, target_match_re, target_matchers)");
    }

    @Test
    void silencesDeclaredForPlannedMaintenanceAreReadWithAStableIdAndWhatIsWrongIsReported() throws IOException {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "tmp")), "silences");
        String good = ONCALL + """
                silences:
                  - matchers: ['service="billing"']
                    starts_at: 2026-12-05T22:00:00Z
                    ends_at: 2026-12-06T02:00:00Z
                    comment: "billing DB migration, CHG-1234"
                """;
        Files.writeString(dir.resolve("oncall.yml"), good);
        RulesLoader.Result r = load(dir, dir);
        assertThat(r.problems()).isEmpty();
        dev.vigil.silence.Silence s = r.rules().orElseThrow().silences().get(0);
        assertThat(s.startsAt()).isEqualTo(java.time.Instant.parse("2026-12-05T22:00:00Z"));
        assertThat(s.comment()).isEqualTo("billing DB migration, CHG-1234");
        assertThat(s.id()).startsWith("rules-");
        assertThat(load(dir, dir).rules().orElseThrow().silences().get(0).id()).as("the same on a reload")
                .isEqualTo(s.id());

        Files.writeString(dir.resolve("oncall.yml"), ONCALL + """
                silences:
                  - matchers: ['service=~".*"']
                    starts_at: 2026-12-05T22:00:00Z
                    ends_at: 2026-12-05T21:00:00Z
                  - starts_at: tomorrow
                """);
        RulesLoader.Result bad = load(dir, dir);
        assertThat(bad.ok()).isFalse();
        assertThat(bad.problems()).extracting(p -> p.line() + ":" + p.col() + " " + p.message()).containsExactly(
                "6:15 silences[0].matchers: at least one matcher must not match the empty string",
                "8:14 silences[0].ends_at: must be after starts_at (2026-12-05T22:00:00Z)",
                "9:5 silences[1]: a silence needs matchers (the alerts it mutes), e.g. ['service=\"billing\"']",
                "9:5 silences[1]: missing required key \"ends_at\"",
                "9:16 silences[1].starts_at: \"tomorrow\" is not a time (expected: RFC 3339, e.g. 2026-12-05T22:00:00Z)");
    }

    @Test
    void timeIntervalsAreReadAsAlertmanagerWritesThemAndRoutesNameThem() throws IOException {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "tmp")), "intervals");
        Files.writeString(dir.resolve("oncall.yml"), ONCALL.replace("route: {team: t}", """
                route:
                  team: t
                  group_wait: 30s
                  routes:
                    - {matchers: ['severity="ticket"'], team: t, mute_time_intervals: [nights],
                       active_time_intervals: [office]}
                time_intervals:
                  - name: nights
                    time_intervals:
                      - {times: [{start_time: "22:00", end_time: "24:00"}, {start_time: "00:00", end_time: "06:00"}]}
                  - name: office
                    time_intervals:
                      - weekdays: ['Monday:friday']
                        days_of_month: ['1:15', '-3:-1']
                        months: ['january:march', '12']
                        years: ['2026:2027']
                        location: Europe/Berlin
                """));
        RulesLoader.Result r = load(dir, dir);
        assertThat(r.problems()).isEmpty();
        RuleSet rules = r.rules().orElseThrow();
        assertThat(rules.route().groupWait()).isEqualTo(java.time.Duration.ofSeconds(30));
        dev.vigil.routing.Route child = rules.route().routes().get(0);
        assertThat(child.muteTimeIntervals()).containsExactly("nights");
        assertThat(child.activeTimeIntervals()).containsExactly("office");
        assertThat(child.groupWait()).as("inherited").isEqualTo(java.time.Duration.ofSeconds(30));
        dev.vigil.timeinterval.TimeInterval office = rules.timeIntervals().get("office").get(0);
        assertThat(office.weekdays()).containsExactly(new dev.vigil.timeinterval.TimeInterval.Range(1, 5));
        assertThat(office.months()).containsExactly(new dev.vigil.timeinterval.TimeInterval.Range(1, 3),
                new dev.vigil.timeinterval.TimeInterval.Range(12, 12));
        assertThat(office.location()).isEqualTo(java.time.ZoneId.of("Europe/Berlin"));
        assertThat(rules.timeIntervals().get("nights").get(0).times()).hasSize(2);
    }

    @Test
    void badTimeIntervalsAndTheirUseAreReportedWithTheirPositions() throws IOException {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "tmp")), "intervals");
        Files.writeString(dir.resolve("oncall.yml"), ONCALL.replace("route: {team: t}", """
                route:
                  team: t
                  mute_time_intervals: [nights]
                  routes:
                    - {team: t, mute_time_intervals: [nihgts], group_interval: 0s}
                time_intervals:
                  - name: nights
                    time_intervals:
                      - times: [{start_time: "22:00", end_time: "06:00"}, {start_time: "7:00", end_time: "08:00"}]
                        weekdays: [friday:monday, someday]
                        days_of_month: ['0', '-1:3', '10:5']
                        months: [smarch, '13']
                        location: Mars/Olympus
                        hours: [1]
                  - name: nights
                    time_intervals: []
                """));
        RulesLoader.Result r = load(dir, dir);
        assertThat(r.ok()).isFalse();
        assertThat(r.problems()).extracting(p -> p.line() + ":" + p.col() + " " + p.message()).containsExactly(
                "6:24 route.mute_time_intervals: the root route cannot have mute_time_intervals (as in Alertmanager: "
                        + "put them on a child route)",
                "8:39 route.routes[0].mute_time_intervals[0]: time interval \"nihgts\" is not defined "
                        + "(did you mean \"nights\"?)",
                "8:64 route.routes[0].group_interval: group_interval cannot be zero (expected: e.g. 5m)",
                "12:17 time_intervals[0].time_intervals[0].times[0]: start time cannot be equal or greater than end time",
                "12:72 time_intervals[0].time_intervals[0].times[1].start_time: couldn't parse timestamp 7:00, "
                        + "invalid format (expected: HH:MM, 00:00 to 24:00)",
                "13:20 time_intervals[0].time_intervals[0].weekdays[0]: start day cannot be after end day",
                "13:35 time_intervals[0].time_intervals[0].weekdays[1]: someday is not a valid weekday",
                "14:25 time_intervals[0].time_intervals[0].days_of_month[0]: 0 is not a valid day of the month: "
                        + "out of range (expected: 1 to 31, or -31 to -1 from the month's end)",
                "14:30 time_intervals[0].time_intervals[0].days_of_month[1]: end day must be negative if start day "
                        + "is negative",
                "14:38 time_intervals[0].time_intervals[0].days_of_month[2]: end day 5 is always before start day 10",
                "15:18 time_intervals[0].time_intervals[0].months[0]: smarch is not a valid month",
                "15:26 time_intervals[0].time_intervals[0].months[1]: \"13\" is not a valid month (expected: 1-12 or "
                        + "january-december)",
                "16:19 time_intervals[0].time_intervals[0].location: unknown time zone \"Mars/Olympus\" (expected: an "
                        + "IANA name such as Europe/Berlin, or UTC)",
                "17:9 time_intervals[0].time_intervals[0].hours: unknown key (expected one of: days_of_month, location, "
                        + "months, times, weekdays, years)",
                "18:11 time_intervals[1].name: time interval \"nights\" is already defined at " + dir.resolve("oncall.yml")
                        + ":10:11");
    }

    @Test
    void aScheduleThatLeavesNobodyOnCallIsAWarningWithItsSpan() throws IOException {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "tmp")), "gap");
        Files.writeString(dir.resolve("oncall.yml"), """
                users: [{id: alice}]
                teams: [{id: t, slack_channel: C, escalation_policy: p}]
                escalation_policies: [{id: p, steps: [{targets: [user:alice], escalate_after: 5m}]}]
                route: {team: t}
                schedules:
                  - id: office
                    time_zone: Europe/Paris
                    layers:
                      - {name: l, start: 2026-11-02T09:00, shift_length: 1w, members: [alice],
                         restrictions: [{days: [mon, tue, wed, thu, fri], from: "08:00", to: "20:00"}]}
                """);
        RulesLoader.Result r = load(dir, dir);
        assertThat(r.ok()).isTrue();
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.severity()).isEqualTo(Problem.Severity.WARNING);
            assertThat(p.line()).isEqualTo(6);
            assertThat(p.message()).isEqualTo("schedules[0].id: nobody is on call from 2026-11-22T01:00 to "
                    + "2026-11-23T08:00, 2026-11-23T20:00 to 2026-11-24T08:00, 2026-11-24T20:00 to 2026-11-25T08:00 "
                    + "and 18 more spans (Europe/Paris) in the next 4 weeks");
        });
    }

    @Test
    void aMissingRulesFolderIsReported() {
        RulesLoader.Result result = load(Path.of("target/no-such-rules"), Path.of("target/no-such-runbooks"));
        assertThat(result.problems()).extracting(Problem::toString)
                .contains("target/no-such-rules: rules folder does not exist");
    }

    @Test
    void anEmptyRulesFolderNeedsARoute() throws IOException {
        Path empty = Files.createTempDirectory(Files.createDirectories(Path.of("target", "tmp")), "rules");
        assertThat(load(empty, empty).problems()).extracting(Problem::message)
                .containsExactly("no route: declared (expected: one file with a route tree whose root names a team)");
    }

    private static RulesLoader.Result load(Path rules, Path runbooks) {
        return RulesLoader.load(rules, RunbookCatalog.scan(runbooks, "http://localhost/").ids(), NOW);
    }
}
