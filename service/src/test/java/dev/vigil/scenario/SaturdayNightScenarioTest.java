package dev.vigil.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.FakeSlack;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestDatabase;
import dev.vigil.testing.VigilHarness;
import io.dropwizard.testing.ConfigOverride;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * 02:00 on a Saturday in Paris (rules in test resources {@code paris/}): the weekday schedule has nobody, so
 * its step is skipped and the backup rota's person is paged at once; nobody acknowledges for 10 minutes, so
 * the manager is paged; she acknowledges, and nobody is paged again. Then the same with Vigil restarted
 * between the pages. Vigil runs no periodic work of its own here: the test moves the clock and runs what is due
 * ({@link VigilHarness#runDue}), so the hours pass without waiting. Subclasses pick the database.
 */
abstract class SaturdayNightScenarioTest {
    /** Saturday 21 November 2026, 02:00 in Paris (CET, UTC+1). */
    private static final Instant SATURDAY_2AM = LocalDateTime.parse("2026-11-21T02:00")
            .atZone(ZoneId.of("Europe/Paris")).toInstant();
    private static final List<String> EVERYONE = List.of("U_ANNA", "U_BEN", "U_CHLOE", "U_DAVID", "U_ERIN");

    private FakeSlack slack;
    private MutableClock clock;
    private TestDatabase db;
    private Path work;
    private VigilHarness app;

    abstract TestDatabase database();

    @BeforeEach
    void setUp() throws Exception {
        slack = new FakeSlack();
        clock = new MutableClock(SATURDAY_2AM);
        db = database();
        work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "scenarios")), "paris");
        app = start();
    }

    @AfterEach
    void tearDown() {
        app.close();
        slack.close();
    }

    @Test
    void emptyWeekdayStepIsSkippedThenBackupThenManagerWhoAcknowledges() {
        String run = startRun();
        long id = reportFailed(run);
        pagedAtOnceOnSaturdayNight(id);

        clock.set(SATURDAY_2AM.plus(Duration.ofMinutes(9)));
        assertNoNewPagesFor(id, 1);
        clock.set(SATURDAY_2AM.plus(Duration.ofMinutes(10)));
        managerPagedThenAcknowledges(id);

        // Resolved, then the step fails again: a new incident, and escalation starts afresh from step 1.
        assertThat(app.post("/api/v1/incidents/" + id + "/resolve", VigilHarness.RESPONDER_TOKEN, "").status())
                .isEqualTo(200);
        long again = reportFailed(run);
        assertThat(again).isNotEqualTo(id);
        sent(again, "U_DAVID");
        assertThat(timeline(again)).anyMatch(t -> t.contains("escalation step 1 of payments-policy has nobody"));
    }

    @Test
    void theSameWithVigilRestartedBetweenThePages() {
        long id = deployFails();
        pagedAtOnceOnSaturdayNight(id);

        app.close();
        clock.set(SATURDAY_2AM.plus(Duration.ofMinutes(5)));
        app = start();
        clock.set(SATURDAY_2AM.plus(Duration.ofMinutes(9)));
        assertNoNewPagesFor(id, 1);
        clock.set(SATURDAY_2AM.plus(Duration.ofMinutes(10)));
        managerPagedThenAcknowledges(id);
    }

    private void pagedAtOnceOnSaturdayNight(long id) {
        FakeSlack.Message dm = sent(id, "U_DAVID");
        assertThat(dm.text()).contains("runbooks/payments/deploy");
        assertThat(timeline(id)).anyMatch(t -> t.contains("escalation step 1 of payments-policy has nobody to notify"))
                .anyMatch(t -> t.contains("escalation step 2 of payments-policy: notifying david; next step at "
                        + SATURDAY_2AM.plus(Duration.ofMinutes(10))));
        sent(id, "C_PAYMENTS");
        assertThat(dms(id)).containsExactly("U_DAVID");
    }

    private void managerPagedThenAcknowledges(long id) {
        sent(id, "U_ERIN");
        assertThat(dms(id)).containsExactly("U_DAVID", "U_ERIN");
        assertThat(app.post("/api/v1/incidents/" + id + "/acknowledge", VigilHarness.RESPONDER_TOKEN, "").status())
                .isEqualTo(200);
        clock.set(SATURDAY_2AM.plus(Duration.ofHours(2)));
        assertNoNewPagesFor(id, 2);
        assertThat(app.get("/api/v1/incidents/" + id).json().get("status").asText()).isEqualTo("acknowledged");
    }

    /** Runs what is due at the clock's instant and checks nobody more was paged. */
    private void assertNoNewPagesFor(long id, int expectedDms) {
        app.runDue();
        assertThat(dms(id)).as("DMs about incident %d at %s", id, clock.instant()).hasSize(expectedDms);
    }

    /**
     * Runs what is due at the clock's instant and then a second at a time, up to three (a destination takes about a
     * message a second, and updates of earlier incidents go first); the message about the incident that reached
     * {@code destination}.
     */
    private FakeSlack.Message sent(long id, String destination) {
        app.runDue();
        for (int s = 0; s < 3 && slack.about(id, destination).isEmpty(); s++) {
            app.runDue(clock.instant().plusSeconds(1));
        }
        return slack.about(id, destination).stream().findFirst()
                .orElseThrow(() -> new AssertionError("nothing about #" + id + " reached " + destination));
    }

    private List<String> dms(long id) {
        return EVERYONE.stream().flatMap(u -> slack.about(id, u).stream()).map(FakeSlack.Message::channel).toList();
    }

    private long deployFails() {
        return reportFailed(startRun());
    }

    private String startRun() {
        return app.post("/api/v1/releases", VigilHarness.ADMIN_TOKEN,
                "{\"pipeline\": \"payments-release\", \"version\": \"2026.11.21\"}").json().get("id").asText();
    }

    private long reportFailed(String run) {
        assertThat(app.post("/api/v1/releases/" + run + "/steps/deploy", VigilHarness.ADMIN_TOKEN,
                "{\"status\": \"failed\"}").status()).isEqualTo(200);
        return app.get("/api/v1/incidents?status=open").json().get(0).get("id").asLong();
    }

    private List<String> timeline(long id) {
        List<String> texts = new java.util.ArrayList<>();
        app.get("/api/v1/incidents/" + id).json().get("timeline").forEach(e -> texts.add(e.get("text").asText()));
        return texts;
    }

    private VigilHarness start() {
        return new VigilHarness(db, "paris", work, Map.of(), clock,
                ConfigOverride.config("slack.apiUrl", slack.apiUrl())).manualTicks().start();
    }
}
