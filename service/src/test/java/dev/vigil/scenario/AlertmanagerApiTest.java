package dev.vigil.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import dev.vigil.testing.FakeSlack;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestDatabase;
import dev.vigil.testing.VigilHarness;
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
 * Alertmanager's API v2 as Prometheus and amtool use it (rules in test resources {@code alertmanager/}): batches,
 * re-sends, resolution by endsAt, the active alerts with their receivers (teams), status and receivers. The clock
 * moves; nothing sleeps.
 */
class AlertmanagerApiTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private MutableClock clock;
    private FakeSlack slack;
    private VigilHarness app;

    @BeforeEach
    void setUp() throws Exception {
        clock = new MutableClock(T0);
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "scenarios")), "am");
        slack = new FakeSlack();
        app = new VigilHarness(TestDatabase.postgres(), "alertmanager", work, Map.of(), clock,
                ConfigOverride.config("slack.apiUrl", slack.apiUrl())).manualTicks().start();
    }

    @AfterEach
    void tearDown() {
        app.close();
        slack.close();
    }

    private static String alert(String name, String service, String team, String endsAt) {
        return "{\"labels\": {\"alertname\": \"" + name + "\", \"service\": \"" + service + "\""
                + (team.isEmpty() ? "" : ", \"team\": \"" + team + "\"") + "}, \"annotations\": {\"summary\": \""
                + name + " on " + service + "\"}, \"startsAt\": \"" + T0 + "\""
                + (endsAt.isEmpty() ? "" : ", \"endsAt\": \"" + endsAt + "\"")
                + ", \"generatorURL\": \"http://prometheus:9090/graph\"}";
    }

    private VigilHarness.Reply post(String... alerts) {
        return app.post("/api/v2/alerts", VigilHarness.ADMIN_TOKEN, "[" + String.join(", ", alerts) + "]");
    }

    private List<JsonNode> incidents(String status) {
        List<JsonNode> out = new ArrayList<>();
        app.get("/api/v1/incidents?status=" + status).json().forEach(out::add);
        return out;
    }

    @Test
    void aBatchKeepsItsValidAlertsAndAnswersWhatWasWrongWithTheOthersAsAlertmanagerDoes() {
        VigilHarness.Reply r = post(alert("DiskFull", "db", "database", ""), "{\"labels\": {}}",
                "{\"labels\": {\"alertname\": \"X\", \"bad-name\": \"v\"}}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().asText()).isEqualTo(
                "at least one label pair required; invalid label set: invalid name \"bad-name\"");
        assertThat(incidents("triggered")).singleElement().satisfies(i -> {
            assertThat(i.get("team").asText()).isEqualTo("database");
            assertThat(i.get("title").asText()).contains("DiskFull");
        });

        JsonNode active = app.get("/api/v2/alerts").json();
        assertThat(active).hasSize(1);
        JsonNode a = active.get(0);
        assertThat(a.get("labels").get("alertname").asText()).isEqualTo("DiskFull");
        assertThat(a.get("receivers").get(0).get("name").asText()).isEqualTo("database");
        assertThat(a.get("status").get("state").asText()).isEqualTo("active");
        assertThat(a.get("generatorURL").asText()).isEqualTo("http://prometheus:9090/graph");
        assertThat(a.get("endsAt").asText()).isEqualTo(T0.plus(Duration.ofMinutes(5)).toString());
        assertThat(app.get("/api/v2/alerts?filter=alertname%3D%22Other%22").json()).isEmpty();
        assertThat(app.get("/api/v2/alerts?filter=service%3D~%22d.%22&receiver=data.*").json()).hasSize(1);
        assertThat(app.get("/api/v2/alerts?receiver=platform").json()).isEmpty();
        assertThat(app.get("/api/v2/alerts?filter=alertname%3D%22").status()).isEqualTo(400);

        JsonNode groups = app.get("/api/v2/alerts/groups").json();
        assertThat(groups).singleElement().satisfies(g -> {
            assertThat(g.get("labels").toString()).isEqualTo("{\"alertname\":\"DiskFull\",\"service\":\"db\"}");
            assertThat(g.get("receiver").get("name").asText()).isEqualTo("database");
            assertThat(g.get("alerts")).hasSize(1);
        });
        assertThat(app.get("/api/v2/alerts/groups?receiver=platform").json()).isEmpty();
    }

    @Test
    void aResendOfAFiringAlertChangesNothingAndItResolvesByEndsAtOrWhenNoLongerSent() {
        String in4m = T0.plus(Duration.ofMinutes(4)).toString();
        assertThat(post(alert("DiskFull", "db", "", in4m), alert("HighLatency", "api", "", in4m)).status())
                .isEqualTo(200);
        List<JsonNode> open = incidents("triggered");
        assertThat(open).hasSize(2);
        long disk = open.stream().filter(i -> i.get("title").asText().contains("DiskFull")).findFirst().orElseThrow()
                .get("id").asLong();
        app.runDue(); // the pages go out (and are on the timeline), a second apart to one channel as Slack takes them
        clock.advance(Duration.ofSeconds(2));
        app.runDue();
        assertThat(slack.posts()).as("each incident: its team's channel and alice").hasSize(4);
        int events = app.get("/api/v1/incidents/" + disk).json().get("timeline").size();

        // Prometheus sends both again every minute, each time with endsAt four minutes on.
        for (int m = 1; m <= 3; m++) {
            clock.advance(Duration.ofMinutes(1));
            String later = clock.instant().plus(Duration.ofMinutes(4)).toString();
            assertThat(post(alert("DiskFull", "db", "", later), alert("HighLatency", "api", "", later)).status())
                    .isEqualTo(200);
            app.runDue();
        }
        assertThat(app.get("/api/v1/incidents/" + disk).json().get("timeline").size()).isEqualTo(events);
        assertThat(slack.posts()).as("nobody paged again").hasSize(4);
        assertThat(incidents("triggered")).hasSize(2);

        // DiskFull resolves in Prometheus, which says so with endsAt; HighLatency's rule is deleted: no more sends.
        assertThat(post(alert("DiskFull", "db", "", clock.instant().toString())).status()).isEqualTo(200);
        assertThat(app.get("/api/v1/incidents/" + disk).json().get("status").asText()).isEqualTo("resolved");
        assertThat(post(alert("DiskFull", "db", "", clock.instant().toString())).status())
                .as("the same resolve again is harmless").isEqualTo(200);
        clock.advance(Duration.ofMinutes(3));
        app.runDue();
        assertThat(incidents("triggered")).hasSize(1);
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        app.runDue();
        assertThat(incidents("triggered")).isEmpty();
        assertThat(app.get("/api/v2/alerts").json()).isEmpty();
    }

    @Test
    void postingNeedsTheIngestRoleReadingDoesNot() {
        assertThat(app.post("/api/v2/alerts", null, "[" + alert("A", "s", "", "") + "]").status()).isEqualTo(401);
        assertThat(app.post("/api/v2/alerts", VigilHarness.READ_TOKEN, "[" + alert("A", "s", "", "") + "]").status())
                .isEqualTo(403);
        assertThat(app.post("/api/v2/alerts", VigilHarness.ADMIN_TOKEN, "{\"labels\": 1}").status()).isEqualTo(400);
        assertThat(incidents("triggered")).isEmpty();
        assertThat(app.get("/api/v2/alerts").status()).isEqualTo(200);
    }

    @Test
    void receiversAreTheTeamsAndTheStatusIsAlertmanagersShape() {
        assertThat(app.get("/api/v2/receivers").json()).extracting(n -> n.get("name").asText())
                .containsExactly("database", "platform");
        JsonNode status = app.get("/api/v2/status").json();
        assertThat(status.get("cluster").get("status").asText()).isEqualTo("disabled");
        assertThat(status.get("versionInfo").fieldNames()).toIterable()
                .contains("version", "revision", "branch", "buildUser", "buildDate", "goVersion");
        assertThat(status.get("config").get("original").asText()).isNotEmpty();
        assertThat(Instant.parse(status.get("uptime").asText())).isEqualTo(T0);
    }

    @Test
    void aSilencedAlertOpensItsIncidentInTheChannelSayingWhyAndPagesNobodyUntilExpiredSilencesAreKept() {
        VigilHarness.Reply created = app.post("/api/v2/silences", VigilHarness.RESPONDER_TOKEN, """
                {"matchers": [{"name": "service", "value": "billing", "isRegex": false}],
                 "startsAt": "%s", "endsAt": "%s", "createdBy": "alice", "comment": "DB migration, CHG-1234"}
                """.formatted(T0, T0.plus(Duration.ofHours(2))));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String id = created.json().get("silenceID").asText();

        assertThat(post(alert("DBDown", "billing", "", "")).status()).isEqualTo(200);
        app.runDue();
        clock.advance(Duration.ofSeconds(2));
        app.runDue();
        assertThat(slack.posts()).as("the channel is told, nobody is paged").singleElement().satisfies(p -> {
            assertThat(p.channel()).isEqualTo("C01PLAT");
            assertThat(p.blocks()).contains("muted by silence " + id);
        });
        JsonNode incident = incidents("triggered").get(0);
        assertThat(app.get("/api/v1/incidents/" + incident.get("id").asLong()).json().get("timeline").toString())
                .contains("muted by silence " + id).contains("nobody is paged");
        JsonNode alert = app.get("/api/v2/alerts").json().get(0);
        assertThat(alert.get("status").get("state").asText()).isEqualTo("suppressed");
        assertThat(alert.get("status").get("silencedBy").get(0).asText()).isEqualTo(id);
        assertThat(app.get("/api/v2/alerts?silenced=false").json()).isEmpty();

        JsonNode listed = app.get("/api/v2/silences").json();
        assertThat(listed).singleElement().satisfies(x -> {
            assertThat(x.get("id").asText()).isEqualTo(id);
            assertThat(x.get("status").get("state").asText()).isEqualTo("active");
            assertThat(x.get("createdBy").asText()).isEqualTo("alice");
            assertThat(x.get("matchers").get(0).get("isEqual").asBoolean()).isTrue();
        });
        assertThat(app.get("/api/v2/silences?filter=service%3D%22search%22").json()).isEmpty();
        assertThat(app.delete("/api/v2/silence/" + id, VigilHarness.READ_TOKEN).status()).isEqualTo(403);
        assertThat(app.delete("/api/v2/silence/" + id, VigilHarness.RESPONDER_TOKEN).status()).isEqualTo(200);
        assertThat(app.get("/api/v2/silence/" + id).json().get("status").get("state").asText()).isEqualTo("expired");
        assertThat(app.get("/api/v2/silence/nope").status()).isEqualTo(404);

        // A new alert for billing now pages as usual.
        assertThat(post(alert("DBSlow", "billing", "", "")).status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(2));
        app.runDue();
        assertThat(slack.posts()).anySatisfy(p -> assertThat(p.channel()).isEqualTo("U01ALICE"));
    }

    @Test
    void aSilenceAlertmanagerWouldRefuseIsRefusedInItsWordsAndChangesNothing() {
        VigilHarness.Reply past = app.post("/api/v2/silences", VigilHarness.RESPONDER_TOKEN, """
                {"matchers": [{"name": "service", "value": "billing", "isRegex": false}],
                 "startsAt": "%s", "endsAt": "%s", "createdBy": "alice", "comment": ""}
                """.formatted(T0.minus(Duration.ofHours(2)), T0.minus(Duration.ofHours(1))));
        assertThat(past.status()).isEqualTo(400);
        assertThat(past.json().asText()).isEqualTo("Failed to create silence: end time can't be in the past");
        VigilHarness.Reply all = app.post("/api/v2/silences", VigilHarness.RESPONDER_TOKEN, """
                {"matchers": [{"name": "service", "value": ".*", "isRegex": true}],
                 "startsAt": "%s", "endsAt": "%s", "createdBy": "alice", "comment": ""}
                """.formatted(T0, T0.plus(Duration.ofHours(1))));
        assertThat(all.json().asText()).isEqualTo("at least one matcher must not match the empty string");
        assertThat(app.post("/api/v2/silences", VigilHarness.READ_TOKEN, "{}").status()).isEqualTo(403);
        assertThat(app.post("/api/v2/silences", VigilHarness.RESPONDER_TOKEN, """
                {"id": "nope", "matchers": [{"name": "service", "value": "billing"}],
                 "startsAt": "%s", "endsAt": "%s"}""".formatted(T0, T0.plus(Duration.ofHours(1)))).status())
                .isEqualTo(404);
        assertThat(app.get("/api/v2/silences").json()).isEmpty();
    }

    @Test
    void whileADatacenterIsDownItsWarningsArePostedSayingSoAndPageNobodyAsAnInhibitRuleSays() {
        String down = "{\"labels\": {\"alertname\": \"DatacenterDown\", \"dc\": \"eu\"}}";
        assertThat(post(down).status()).isEqualTo(200);
        // Two incidents (the route groups by alertname and service): one in the datacenter that is down, one not.
        String euWarning = "{\"labels\": {\"alertname\": \"DiskFull\", \"service\": \"db-eu\", \"dc\": \"eu\", "
                + "\"severity\": \"warning\"}}";
        String usWarning = "{\"labels\": {\"alertname\": \"DiskFull\", \"service\": \"db-us\", \"dc\": \"us\", "
                + "\"severity\": \"warning\"}}";
        assertThat(post(euWarning, usWarning).status()).isEqualTo(200);
        for (int i = 0; i < 4; i++) {
            app.runDue();
            clock.advance(Duration.ofSeconds(2));
        }
        List<JsonNode> open = incidents("triggered");
        assertThat(open).hasSize(3);
        JsonNode eu = open.stream().filter(i -> i.get("labels").path("dc").asText().equals("eu")
                && i.get("labels").path("alertname").asText().equals("DiskFull")).findFirst().orElseThrow();
        assertThat(app.get("/api/v1/incidents/" + eu.get("id").asLong()).json().get("timeline").toString())
                .contains("muted by alert {alertname=\\\"DatacenterDown\\\"");
        assertThat(slack.posts()).filteredOn(p -> p.channel().equals("U01ALICE")).as("alice is paged twice, not thrice")
                .hasSize(2);

        JsonNode alerts = app.get("/api/v2/alerts").json();
        assertThat(alerts).filteredOn(a -> a.get("status").get("state").asText().equals("suppressed"))
                .singleElement().satisfies(a -> {
                    assertThat(a.get("labels").get("dc").asText()).isEqualTo("eu");
                    assertThat(a.get("status").get("inhibitedBy")).hasSize(1);
                });
        assertThat(app.get("/api/v2/alerts?inhibited=false").json()).hasSize(2);
    }

    @Test
    void aSummaryLongerThanATitleIsCutNotA500() {
        String summary = "z".repeat(3000);
        assertThat(post("{\"labels\": {\"alertname\": \"Long\"}, \"annotations\": {\"summary\": \"" + summary
                + "\"}}").status()).isEqualTo(200);
        assertThat(incidents("triggered")).singleElement()
                .satisfies(i -> assertThat(i.get("title").asText()).hasSize(2000).endsWith("…"));
    }
}
