package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.testing.Await;
import dev.vigil.testing.ProcessApi;
import dev.vigil.testing.ServerArgs;
import dev.vigil.testing.VigilProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Escalation timers are rows, not timers in memory: Vigil killed with SIGKILL mid-escalation, and started
 * after the next step fell due, runs that step at once, and exactly once.
 */
class EscalationKillTest {
    private static final String TOKEN = "kill-test-token";

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
        ServerArgs server = ServerArgs.on(rules, work.resolve("runbooks"),
                ServerArgs.embeddedDatabase(work.resolve("postgres")));

        ProcessApi api = server.api(TOKEN);
        VigilProcess first = server.start(Map.of("VIGIL_ADMIN_TOKEN", TOKEN));
        long id;
        try {
            api.awaitHealthy();
            String run = api.post("/api/v1/releases", "{\"pipeline\": \"rel\", \"version\": \"1\"}").get("id").asText();
            api.post("/api/v1/releases/" + run + "/steps/go", "{\"status\": \"failed\"}");
            JsonNode open = api.get("/api/v1/incidents?status=open");
            id = open.get(0).get("id").asLong();
            assertThat(api.timeline(id)).anyMatch(t -> t.contains("escalation step 1 of fast: notifying alice"));
        } finally {
            first.kill();
        }
        Thread.sleep(6000);

        VigilProcess second = server.start(Map.of("VIGIL_ADMIN_TOKEN", TOKEN));
        try {
            api.awaitHealthy();
            Await.untilTrue(Duration.ofSeconds(15), "step 2 to run after the restart", () -> api.timeline(id).stream()
                    .anyMatch(t -> t.contains("escalation step 2 of fast: notifying bob")));
            Thread.sleep(3000);
            assertThat(api.timeline(id).stream().filter(t -> t.contains("escalation step 2")).count())
                    .as("exactly once").isEqualTo(1);
        } finally {
            second.stop();
        }
    }
}
