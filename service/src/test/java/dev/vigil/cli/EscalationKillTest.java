package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.testing.Await;
import dev.vigil.testing.VigilProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Escalation timers are rows, not timers in memory: Vigil killed with SIGKILL mid-escalation, and started
 * after the next step fell due, runs that step at once, and exactly once.
 */
class EscalationKillTest {
    private static final String TOKEN = "kill-test-token";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aStepThatFellDueWhileVigilWasDownRunsOnceAtStart() throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "kill")), "escalation");
        Path rules = Files.createDirectories(work.resolve("rules"));
        Files.writeString(rules.resolve("org.yml"), """
                users: [{id: alice, slack_id: UA}, {id: bob, slack_id: UB}]
                teams: [{id: ops, slack_channel: C_OPS, escalation_policy: fast}]
                escalation_policies:
                  - id: fast
                    steps:
                      - {targets: [user:alice], escalate_after: 5s}
                      - {targets: [user:bob], escalate_after: 1h}
                route: {team: ops, group_by: [alertname, run]}
                releases: [{name: rel, steps: [{id: go, team: ops}]}]
                """);
        int app = VigilProcess.freePort();
        int admin = VigilProcess.freePort();
        String[] args = {"-Ddw.database.url=jdbc:h2:file:" + work.toAbsolutePath() + "/db",
            "-Ddw.server.applicationConnectors[0].port=" + app, "-Ddw.server.adminConnectors[0].port=" + admin,
            "-Ddw.rulesPath=" + rules, "-Ddw.runbooksPath=" + work.resolve("runbooks"), "server", "../config.yml"};

        VigilProcess first = VigilProcess.start(Map.of("VIGIL_ADMIN_TOKEN", TOKEN), args);
        long id;
        try {
            awaitHealthy(admin);
            String run = post(app, "/api/v1/releases", "{\"pipeline\": \"rel\", \"version\": \"1\"}").get("id").asText();
            post(app, "/api/v1/releases/" + run + "/steps/go", "{\"status\": \"failed\"}");
            JsonNode open = get(app, "/api/v1/incidents?status=open");
            id = open.get(0).get("id").asLong();
            assertThat(timeline(app, id)).anyMatch(t -> t.contains("escalation step 1 of fast: notifying alice"));
        } finally {
            first.kill();
        }
        Thread.sleep(6000);

        VigilProcess second = VigilProcess.start(Map.of("VIGIL_ADMIN_TOKEN", TOKEN), args);
        try {
            awaitHealthy(admin);
            Await.untilTrue(Duration.ofSeconds(15), "step 2 to run after the restart", () -> timeline(app, id).stream()
                    .anyMatch(t -> t.contains("escalation step 2 of fast: notifying bob")));
            Thread.sleep(3000);
            assertThat(timeline(app, id).stream().filter(t -> t.contains("escalation step 2")).count())
                    .as("exactly once").isEqualTo(1);
        } finally {
            second.stop();
        }
    }

    private java.util.List<String> timeline(int app, long id) {
        try {
            return StreamSupport.stream(get(app, "/api/v1/incidents/" + id).get("timeline").spliterator(), false)
                    .map(e -> e.get("text").asText()).toList();
        } catch (Exception e) {
            return java.util.List.of();
        }
    }

    private void awaitHealthy(int admin) {
        Await.untilTrue(Duration.ofSeconds(60), "vigil to be healthy", () -> {
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + admin + "/healthcheck")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
    }

    private JsonNode post(int app, String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app + path))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
        return new ObjectMapper().readTree(r.body());
    }

    private JsonNode get(int app, String path) throws Exception {
        return new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app + path))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
    }
}
