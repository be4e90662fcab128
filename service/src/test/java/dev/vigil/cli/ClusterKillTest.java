package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.Await;
import dev.vigil.testing.FakeSlack;
import dev.vigil.testing.ProcessApi;
import dev.vigil.testing.TestDatabase;
import dev.vigil.testing.ServerArgs;
import dev.vigil.testing.VigilProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two Vigil processes on one PostgreSQL with {@code cluster: true}. Escalation due times are rows, and a step runs
 * in the transaction that moves its incident's due time on, so each step fires exactly once whichever node's tick
 * finds it; and when the node that opened the incident dies with SIGKILL, the other runs the remaining steps.
 */
class ClusterKillTest {
    private static final String TOKEN = "cluster-test-token";

    @Test
    void eachStepFiresOnceAcrossTwoNodesAndStillFiresWhenTheSchedulingNodeIsKilled() throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "kill")), "cluster");
        Path rules = Files.createDirectories(work.resolve("rules"));
        Files.writeString(rules.resolve("org.yml"), """
                users: [{id: alice, slack_id: UA}, {id: bob, slack_id: UB}, {id: carol, slack_id: UC}]
                teams: [{id: ops, slack_channel: C_OPS, escalation_policy: fast}]
                escalation_policies:
                  - id: fast
                    steps:
                      - {targets: [user:alice], escalate_after: 10s}
                      - {targets: [user:bob], escalate_after: 4s}
                      - {targets: [user:carol], escalate_after: 1h}
                route: {team: ops, group_by: [alertname, run]}
                releases: [{name: rel, steps: [{id: go, team: ops}]}]
                """);
        TestDatabase db = TestDatabase.postgres();
        try (FakeSlack slack = new FakeSlack()) {
            Map<String, String> env = Map.of("VIGIL_ADMIN_TOKEN", TOKEN, "SLACK_BOT_TOKEN", "xoxb-cluster",
                    "SLACK_API_URL", slack.apiUrl());
            Node a = Node.start(db, rules, work, env);
            Node b = null;
            try {
                a.api.awaitHealthy();
                b = Node.start(db, rules, work, env);
                b.api.awaitHealthy();

                // Both nodes up: the steps of one incident, wherever they run, run once each.
                long first = openIncident(a.api, "1");
                awaitStep(b.api, first, 3, "carol");
                Thread.sleep(3000);
                assertEachStepOnce(a.api, first);
                assertPagedOnce(slack, first, b, "UA", "UB", "UC");

                // The node that opened the incident (and computed its next due time) dies once step 1's page is
                // sent and recorded, well before step 2 is due. (A node killed between Slack taking a page and
                // recording it would send it again after the outbox lease: at least once, see operations.md.)
                long second = openIncident(a.api, "2");
                Await.untilTrue(Duration.ofSeconds(10), "step 1's page to be sent and recorded",
                        () -> a.api.timeline(second).stream().anyMatch(t -> t.matches("sent \\w+ notice to alice via .*")));
                a.process.kill();
                assertThat(b.api.timeline(second)).as("step 2 must not have run before the kill")
                        .noneMatch(t -> t.contains("escalation step 2"));
                awaitStep(b.api, second, 2, "bob");
                awaitStep(b.api, second, 3, "carol");
                Thread.sleep(3000);
                assertEachStepOnce(b.api, second);
                assertPagedOnce(slack, second, b, "UA", "UB", "UC");
            } finally {
                a.process.kill();
                if (b != null) {
                    b.process.stop();
                }
            }
        }
    }

    private static long openIncident(ProcessApi api, String version) throws Exception {
        String run = api.post("/api/v1/releases", "{\"pipeline\": \"rel\", \"version\": \"" + version + "\"}")
                .get("id").asText();
        api.post("/api/v1/releases/" + run + "/steps/go", "{\"status\": \"failed\"}");
        return api.get("/api/v1/incidents?status=open").get(0).get("id").asLong();
    }

    private static void awaitStep(ProcessApi api, long id, int step, String who) {
        String text = "escalation step " + step + " of fast: notifying " + who;
        Await.untilTrue(Duration.ofSeconds(40), "incident " + id + ": " + text,
                () -> api.timeline(id).stream().anyMatch(t -> t.contains(text)));
    }

    private static void assertEachStepOnce(ProcessApi api, long id) {
        List<String> timeline = api.timeline(id);
        for (int step = 1; step <= 3; step++) {
            String text = "escalation step " + step + " of fast";
            assertThat(timeline.stream().filter(t -> t.contains(text)).count())
                    .as("incident %d, step %d in %s", id, step, timeline).isEqualTo(1);
        }
    }

    /** On failure the message carries the timeline with times and the surviving node's delivery problems. */
    private static void assertPagedOnce(FakeSlack slack, long id, Node survivor, String... users) throws Exception {
        for (String user : users) {
            assertThat(slack.about(id, user)).as(() -> "DMs to " + user + " about incident " + id + "; timeline "
                    + survivor.api.getText("/api/v1/incidents/" + id) + "; delivery log "
                    + survivor.deliveryProblems()).hasSize(1);
        }
    }

    /** One Vigil process of the cluster, on its own ports. */
    private record Node(VigilProcess process, ProcessApi api) {
        static Node start(TestDatabase db, Path rules, Path work, Map<String, String> env) throws Exception {
            ServerArgs args = ServerArgs.on(rules, work.resolve("runbooks"), "-Ddw.cluster=true",
                    "-Ddw.database.driverClass=" + db.driverClass(), "-Ddw.database.url=" + db.url(),
                    "-Ddw.database.user=" + db.user(), "-Ddw.database.password=" + db.password());
            return new Node(args.start(env), args.api(TOKEN));
        }

        /** Lines of this node's log about notices not sent. */
        String deliveryProblems() {
            try {
                return process.out().lines().filter(l -> l.contains("not sent") || l.contains("failed for good")
                        || l.contains("threw for message")).toList().toString();
            } catch (java.io.IOException e) {
                return "(log unreadable: " + e + ")";
            }
        }
    }
}
