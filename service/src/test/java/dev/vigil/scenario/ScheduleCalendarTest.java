package dev.vigil.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import biweekly.Biweekly;
import biweekly.ICalVersion;
import biweekly.ICalendar;
import biweekly.component.VEvent;
import dev.vigil.testing.FakeSlack;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestDatabase;
import dev.vigil.testing.VigilHarness;
import io.dropwizard.testing.ConfigOverride;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code GET /api/v1/schedules/{id}/ical}: the daily rota of test resources {@code handoff/} with an override, read
 * back with biweekly's parser as a calendar app would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScheduleCalendarTest {
    private static final Instant NOW = Instant.parse("2026-11-22T08:59:00Z");
    private final FakeSlack slack = new FakeSlack();
    private VigilHarness app;

    @BeforeAll
    void start() throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "scenarios")), "ical");
        app = new VigilHarness(TestDatabase.h2(), "handoff", work, Map.of(), new MutableClock(NOW),
                ConfigOverride.config("slack.apiUrl", slack.apiUrl())).start();
        assertThat(app.post("/api/v1/schedules/daily/overrides", VigilHarness.RESPONDER_TOKEN,
                "{\"user\": \"bob\", \"start\": \"2026-11-21T12:00:00Z\", \"end\": \"2026-11-21T14:00:00Z\"}").status())
                .isEqualTo(201);
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
        slack.close();
    }

    @Test
    void theFeedIsACalendarOfEachPersonsShiftsWithOverridesApplied() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(app.baseUrl() + "/api/v1/schedules/daily/ical")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/calendar"));
        assertThat(r.body()).startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
                .contains("\r\nDTSTART:20261121T090000Z\r\n", "\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n");
        ICalendar cal = parse(r.body());
        assertThat(cal.validate(ICalVersion.V2_0).isEmpty()).as(cal.validate(ICalVersion.V2_0).toString()).isTrue();
        assertThat(cal.getExperimentalProperty("X-WR-CALNAME").getValue()).isEqualTo("On call: daily");
        List<VEvent> events = cal.getEvents();
        // From a week ago to 8 weeks ahead: Alice's shift on the 21st is split by Bob's two-hour override.
        assertThat(events).extracting(ScheduleCalendarTest::line).contains(
                "2026-11-20T09:00:00Z 2026-11-21T09:00:00Z On call: Bob Silva (daily)",
                "2026-11-21T09:00:00Z 2026-11-21T12:00:00Z On call: Alice Kim (daily)",
                "2026-11-21T12:00:00Z 2026-11-21T14:00:00Z On call: Bob Silva (daily)",
                "2026-11-21T14:00:00Z 2026-11-22T09:00:00Z On call: Alice Kim (daily)",
                "2026-11-22T09:00:00Z 2026-11-23T09:00:00Z On call: Bob Silva (daily)");
        assertThat(line(events.get(0))).as("the first shift keeps its real start, so its UID is stable")
                .startsWith("2026-11-14T09:00:00Z 2026-11-15T09:00:00Z ");
        assertThat(line(events.get(events.size() - 1))).endsWith("2027-01-17T08:59:00Z On call: Alice Kim (daily)")
                .as("the window ends 8 weeks ahead");
        assertThat(events.stream().map(e -> e.getUid().getValue()).distinct()).hasSameSizeAs(events);
    }

    @Test
    void oneUsersShiftsForTheirOwnCalendar() {
        VigilHarness.Reply r = app.get("/api/v1/schedules/daily/ical?user=alice&weeks=1");
        assertThat(r.status()).isEqualTo(200);
        ICalendar cal = parse(r.body());
        assertThat(cal.getExperimentalProperty("X-WR-CALNAME").getValue()).isEqualTo("On call: daily (Alice Kim)");
        List<VEvent> events = cal.getEvents();
        assertThat(events).isNotEmpty().allSatisfy(e -> assertThat(line(e)).endsWith("On call: Alice Kim (daily)"));
        assertThat(line(events.get(events.size() - 1))).startsWith("2026-11-27T09:00:00Z 2026-11-28T09:00:00Z");
    }

    @Test
    void badRequestsNameWhatIsWrong() {
        VigilHarness.Reply unknownUser = app.get("/api/v1/schedules/daily/ical?user=alcie");
        assertThat(unknownUser.status()).isEqualTo(400);
        assertThat(unknownUser.json().get("message").asText()).contains("user: \"alcie\"", "alice");
        VigilHarness.Reply badWeeks = app.get("/api/v1/schedules/daily/ical?weeks=0");
        assertThat(badWeeks.status()).isEqualTo(400);
        assertThat(badWeeks.json().get("message").asText()).contains("weeks: \"0\"");
        VigilHarness.Reply unknownSchedule = app.get("/api/v1/schedules/dialy/ical");
        assertThat(unknownSchedule.status()).isEqualTo(404);
        assertThat(unknownSchedule.json().get("message").asText()).contains("daily");
    }

    private static ICalendar parse(String ics) {
        return Biweekly.parse(ics).first();
    }

    private static String line(VEvent e) {
        return e.getDateStart().getValue().toInstant() + " " + e.getDateEnd().getValue().toInstant() + " "
                + e.getSummary().getValue();
    }
}
