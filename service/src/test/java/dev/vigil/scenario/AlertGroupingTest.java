package dev.vigil.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.testing.FakeSlack;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestDatabase;
import dev.vigil.testing.VigilHarness;
import io.dropwizard.testing.ConfigOverride;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Alertmanager's grouping timers on incidents (rules in test resources {@code grouping/}): group_wait gathers a storm
 * into one page, group_interval spaces the notices of changes, repeat_interval reminds until acknowledged; a silence
 * made later pauses escalation and its end pages; an active time interval holds pages until it begins. Alerts come in
 * through Alertmanager's API; the clock moves, nothing sleeps.
 */
class AlertGroupingTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z"); // a Tuesday, 11:00 in Berlin
    private static final String TOMORROW = T0.plus(Duration.ofDays(1)).toString();
    private MutableClock clock;
    private FakeSlack slack;
    private VigilHarness app;

    @BeforeEach
    void setUp() throws Exception {
        clock = new MutableClock(T0);
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "scenarios")), "grouping");
        slack = new FakeSlack();
        app = new VigilHarness(TestDatabase.postgres(), "grouping", work, Map.of(), clock,
                ConfigOverride.config("slack.apiUrl", slack.apiUrl())).manualTicks().start();
    }

    @AfterEach
    void tearDown() {
        app.close();
        slack.close();
    }

    private static String alert(String name, String instance, String team, Instant startsAt) {
        return "{\"labels\": {\"alertname\": \"" + name + "\", \"instance\": \"" + instance + "\", \"team\": \"" + team
                + "\"}, \"annotations\": {\"summary\": \"" + name + " on " + instance + "\"}, \"startsAt\": \""
                + startsAt + "\", \"endsAt\": \"" + TOMORROW + "\"}";
    }

    private void post(List<String> alerts) {
        VigilHarness.Reply r = app.post("/api/v2/alerts", VigilHarness.ADMIN_TOKEN, "[" + String.join(", ", alerts) + "]");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    /** Runs what is due at {@code at}, and again two seconds on, as Slack takes one message a second per channel. */
    private void runAt(Instant at) {
        app.runDue(at);
        app.runDue(at.plusSeconds(2));
    }

    private long onlyIncident() {
        JsonNode open = app.get("/api/v1/incidents?status=triggered").json();
        assertThat(open).hasSize(1);
        return open.get(0).get("id").asLong();
    }

    private String timeline(long id) {
        return app.get("/api/v1/incidents/" + id).json().get("timeline").toString();
    }

    private List<FakeSlack.Post> postsTo(String channel) {
        return slack.posts().stream().filter(p -> p.channel().equals(channel)).toList();
    }

    private List<FakeSlack.Post> threadLinesIn(String channel, String containing) {
        return postsTo(channel).stream().filter(p -> !p.threadTs().isEmpty())
                .filter(p -> (p.text() + p.blocks()).contains(containing)).toList();
    }

    @Test
    void fiftyAlertsArrivingWithinASecondPageOnceListingThemThenChangesAndRemindersAreSpaced() {
        for (int batch = 0; batch < 5; batch++) {
            List<String> alerts = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                alerts.add(alert("DiskFull", "node-" + (batch * 10 + i), "storage", T0));
            }
            post(alerts);
            clock.advance(Duration.ofMillis(200));
        }
        app.runDue();
        assertThat(slack.posts()).as("group_wait (10s) holds the first page").isEmpty();
        long id = onlyIncident();
        assertThat(timeline(id)).contains("waiting group_wait 10s before the first page");

        runAt(T0.plusSeconds(10));
        assertThat(postsTo("U01ALICE")).as("one page, not fifty").hasSize(1);
        assertThat(postsTo("C01STOR")).singleElement().satisfies(p -> assertThat(p.blocks())
                .contains("50 alerts firing").contains("node-0").contains("… and 30 more"));

        // Three more join 10 s later: told together, group_interval (1m) after the first page, not one by one.
        clock.set(T0.plusSeconds(20));
        post(List.of(alert("DiskFull", "node-50", "storage", clock.instant()),
                alert("DiskFull", "node-51", "storage", clock.instant()),
                alert("DiskFull", "node-52", "storage", clock.instant())));
        runAt(T0.plusSeconds(30));
        assertThat(threadLinesIn("C01STOR", "Alerts added")).isEmpty();
        runAt(T0.plusSeconds(70));
        assertThat(threadLinesIn("C01STOR", "Alerts added")).singleElement().satisfies(p -> assertThat(p.text())
                .contains("node-50").contains("node-51").contains("node-52").doesNotContain("node-49"));

        // Unacknowledged and unchanged: reminded each repeat_interval (1h) after the last notice.
        runAt(T0.plusSeconds(70).plus(Duration.ofMinutes(59)));
        assertThat(threadLinesIn("C01STOR", "Still unacknowledged")).isEmpty();
        runAt(T0.plusSeconds(70).plus(Duration.ofHours(1)));
        assertThat(threadLinesIn("C01STOR", "Still unacknowledged")).singleElement()
                .satisfies(p -> assertThat(p.text()).contains("53 alerts firing"));
        assertThat(app.post("/api/v1/incidents/" + id + "/acknowledge", VigilHarness.RESPONDER_TOKEN, "{}").status())
                .isEqualTo(200);
        runAt(T0.plusSeconds(70).plus(Duration.ofHours(3)));
        assertThat(threadLinesIn("C01STOR", "Still unacknowledged")).as("acknowledged: no more reminders").hasSize(1);
    }

    @Test
    void aGroupWhoseAlertsAllResolveWithinGroupWaitIsNeverPosted() {
        post(List.of(alert("DiskFull", "node-1", "storage", T0)));
        clock.advance(Duration.ofSeconds(5));
        post(List.of(alert("DiskFull", "node-1", "storage", T0).replace(TOMORROW, clock.instant().toString())));
        runAt(T0.plusSeconds(30));
        assertThat(slack.posts()).isEmpty();
        JsonNode resolved = app.get("/api/v1/incidents?status=resolved").json();
        assertThat(resolved).hasSize(1);
        assertThat(timeline(resolved.get(0).get("id").asLong()))
                .contains("every alert resolved before group_wait ended; nobody was told");
    }

    @Test
    void aSilenceMadeAfterThePagePausesEscalationAndItsEndPagesAgain() {
        post(List.of(alert("DBDown", "db-1", "platform", T0)));
        runAt(T0);
        assertThat(postsTo("U01ALICE")).as("paged at once: no group_wait by default").hasSize(1);
        long id = onlyIncident();

        VigilHarness.Reply silence = app.post("/api/v2/silences", VigilHarness.RESPONDER_TOKEN, """
                {"matchers": [{"name": "alertname", "value": "DBDown", "isRegex": false}],
                 "startsAt": "%s", "endsAt": "%s", "createdBy": "alice", "comment": "failover drill"}
                """.formatted(T0.plusSeconds(60), T0.plus(Duration.ofHours(2))));
        assertThat(silence.status()).as(silence.body()).isEqualTo(200);
        String silenceId = silence.json().get("silenceID").asText();
        runAt(T0.plusSeconds(60));
        assertThat(timeline(id)).contains("Muted by silence " + silenceId).contains("escalation paused");
        assertThat(threadLinesIn("C01PLAT", "escalation paused")).hasSize(1);

        runAt(T0.plus(Duration.ofMinutes(25)));
        assertThat(postsTo("U01ALICE")).as("escalation (every 10m, twice more) paused while silenced").hasSize(1);

        assertThat(app.delete("/api/v2/silence/" + silenceId, VigilHarness.RESPONDER_TOKEN).status()).isEqualTo(200);
        runAt(T0.plus(Duration.ofMinutes(26)));
        assertThat(timeline(id)).contains("No longer muted by silence " + silenceId).contains("; paging");
        assertThat(postsTo("U01ALICE")).as("paged again when the silence ended: " + timeline(id) + slack.updates()).hasSize(2);
    }

    @Test
    void outsideItsActiveTimeIntervalAnIncidentIsPostedButPagesWhenTheIntervalBegins() {
        Instant night = Instant.parse("2026-12-01T22:00:00Z"); // 23:00 in Berlin
        clock.set(night);
        post(List.of(alert("ReportLate", "etl-1", "reports", night)));
        runAt(night);
        assertThat(postsTo("C01PLAT")).singleElement().satisfies(p -> assertThat(p.blocks())
                .contains("muted by being outside active time interval \\\"office\\\"").contains("nobody is paged"));
        assertThat(postsTo("U01ALICE")).isEmpty();
        long id = onlyIncident();

        runAt(Instant.parse("2026-12-02T07:59:00Z"));
        assertThat(postsTo("U01ALICE")).as("08:59 in Berlin").isEmpty();
        runAt(Instant.parse("2026-12-02T08:00:00Z"));
        assertThat(postsTo("U01ALICE")).as("09:00 in Berlin: office hours").hasSize(1);
        assertThat(timeline(id)).contains("No longer muted by being outside active time interval");
    }
}
