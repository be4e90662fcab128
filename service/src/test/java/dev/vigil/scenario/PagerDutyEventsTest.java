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
 * PagerDuty's Events API v2 against Vigil (rules in test resources {@code alertmanager/}: an integration key, from the
 * environment, that pages the database team): trigger, the same dedup key again, acknowledge, resolve, and what
 * PagerDuty refuses.
 */
class PagerDutyEventsTest {
    private static final String KEY = "R0UTINGKEY0000000000000000000000";
    private MutableClock clock;
    private FakeSlack slack;
    private VigilHarness app;

    @BeforeEach
    void setUp() throws Exception {
        clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "scenarios")), "pd");
        slack = new FakeSlack();
        app = new VigilHarness(TestDatabase.postgres(), "alertmanager", work, Map.of(), clock,
                ConfigOverride.config("slack.apiUrl", slack.apiUrl())).environment(Map.of("VIGIL_TEST_PD_KEY", KEY))
                .manualTicks().start();
    }

    @AfterEach
    void tearDown() {
        app.close();
        slack.close();
    }

    private VigilHarness.Reply event(String json) {
        return app.post("/v2/enqueue", null, json);
    }

    private static String trigger(String dedup, String summary) {
        return """
                {"routing_key": "%s", "event_action": "trigger", "dedup_key": "%s",
                 "payload": {"summary": "%s", "source": "db-3.internal", "severity": "critical",
                             "component": "postgres", "custom_details": {"lag_seconds": 312}},
                 "links": [{"href": "https://grafana.internal/d/db", "text": "dashboard"}],
                 "client": "Sentry", "client_url": "https://sentry.internal"}
                """.formatted(KEY, dedup, summary);
    }

    private List<JsonNode> incidents(String status) {
        List<JsonNode> out = new ArrayList<>();
        app.get("/api/v1/incidents?status=" + status).json().forEach(out::add);
        return out;
    }

    @Test
    void aTriggerPagesTheKeysTeamTheSameDedupKeyJoinsItAndAcknowledgeAndResolveActOnIt() {
        VigilHarness.Reply r = event(trigger("db-3-lag", "Replica db-3 is 5 minutes behind"));
        assertThat(r.status()).isEqualTo(202);
        assertThat(r.json().toString())
                .isEqualTo("{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"db-3-lag\"}");
        assertThat(event(trigger("db-3-lag", "Replica db-3 is 6 minutes behind")).status()).isEqualTo(202);
        JsonNode incident = incidents("triggered").get(0);
        assertThat(incidents("triggered")).hasSize(1);
        assertThat(incident.get("team").asText()).isEqualTo("database");
        assertThat(incident.get("title").asText()).isEqualTo("Replica db-3 is 5 minutes behind");
        assertThat(incident.get("alerts").get(0).get("annotations").get("url").asText())
                .isEqualTo("https://grafana.internal/d/db");
        app.runDue();
        clock.advance(Duration.ofSeconds(2));
        app.runDue();
        assertThat(slack.posts()).extracting(FakeSlack.Post::channel).contains("C01DB", "U01BOB");

        long id = incident.get("id").asLong();
        assertThat(event("{\"routing_key\": \"" + KEY + "\", \"event_action\": \"acknowledge\", \"dedup_key\": \"db-3-lag\"}")
                .status()).isEqualTo(202);
        assertThat(app.get("/api/v1/incidents/" + id).json().get("status").asText()).isEqualTo("acknowledged");
        assertThat(event("{\"routing_key\": \"" + KEY + "\", \"event_action\": \"resolve\", \"dedup_key\": \"db-3-lag\"}")
                .status()).isEqualTo(202);
        assertThat(app.get("/api/v1/incidents/" + id).json().get("status").asText()).isEqualTo("resolved");
    }

    @Test
    void aTriggerWithoutADedupKeyGetsOneAndWhatPagerDutyRefusesIsA400ThatChangesNothing() {
        VigilHarness.Reply r = event("""
                {"routing_key": "%s", "event_action": "trigger",
                 "payload": {"summary": "Disk full", "source": "db-1", "severity": "error"}}""".formatted(KEY));
        assertThat(r.status()).isEqualTo(202);
        assertThat(r.json().get("dedup_key").asText()).matches("[0-9a-f]{32}");
        assertThat(incidents("triggered")).hasSize(1);

        VigilHarness.Reply wrongKey = event(trigger("x", "y").replace(KEY, "not-a-key"));
        assertThat(wrongKey.status()).isEqualTo(400);
        assertThat(wrongKey.json().get("status").asText()).isEqualTo("invalid event");
        assertThat(wrongKey.json().get("errors").get(0).asText()).contains("routing_key");
        VigilHarness.Reply bad = event("""
                {"routing_key": "%s", "event_action": "trigger", "payload": {"summary": "", "severity": "fatal"}}"""
                .formatted(KEY));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors")).extracting(JsonNode::asText).containsExactly(
                "'payload.summary' is missing or blank", "'payload.source' is missing or blank",
                "'payload.severity' must be one of critical, error, warning, info");
        assertThat(event("{\"routing_key\": \"" + KEY + "\", \"event_action\": \"resolve\"}").json().get("errors")
                .get(0).asText()).isEqualTo("'dedup_key' is required to resolve");
        assertThat(event("{\"routing_key\": \"" + KEY + "\", \"event_action\": \"snooze\"}").status()).isEqualTo(400);
        assertThat(event("[]").status()).isEqualTo(400);
        assertThat(incidents("triggered")).hasSize(1);
    }
}
