package dev.vigil.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.testing.Await;
import dev.vigil.testing.FakeSlack;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.SlackRequests;
import dev.vigil.testing.TestDatabase;
import dev.vigil.testing.VigilHarness;
import io.dropwizard.testing.ConfigOverride;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Slack both ways (rules in test resources {@code slack/}): a failed release step pages ingestion's channel and
 * bob; responders click the buttons and type {@code /vigil} as Slack sends them (signed, form-encoded, in Slack's
 * payload shapes), and every message about the incident is updated in place. Vigil runs no periodic work of its
 * own here: each step moves the clock and runs what is due ({@link VigilHarness#runDue}), so nothing waits on the
 * wall clock but Slack's answers through {@code response_url}. Subclasses pick the database.
 */
abstract class SlackScenarioTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String CHANNEL = "C01INGEST";
    private static final String BOB = "U01BOB";

    private FakeSlack slack;
    private MutableClock clock;
    private VigilHarness app;
    private TestDatabase db;

    abstract TestDatabase database();

    @BeforeEach
    void setUp() throws Exception {
        slack = new FakeSlack();
        clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "scenarios")), "slack");
        db = database();
        app = new VigilHarness(db, "slack", work, Map.of(), clock,
                ConfigOverride.config("slack.apiUrl", slack.apiUrl())).manualTicks().start();
    }

    @AfterEach
    void tearDown() {
        app.close();
        slack.close();
    }

    @Test
    void aliceAcknowledgesFromTheChannelAndEveryMessageShowsIt() {
        long id = failedStep();
        FakeSlack.Post channelPost = post(id, CHANNEL);
        FakeSlack.Post dm = post(id, BOB);
        assertThat(dm.answeredChannel()).isEqualTo("D" + BOB);

        VigilHarness.Reply click = action("U01ALICE", "vigil_ack", id, CHANNEL, channelPost.ts());
        assertThat(click.status()).isEqualTo(200);
        JsonNode incident = app.get("/api/v1/incidents/" + id).json();
        assertThat(incident.get("status").asText()).isEqualTo("acknowledged");
        assertThat(timeline(incident)).anyMatch(t -> t.contains("acknowledged by alice"));

        FakeSlack.Update channelUpdate = update(channelPost.answeredChannel(), channelPost.ts(), "acknowledged");
        FakeSlack.Update dmUpdate = update(dm.answeredChannel(), dm.ts(), "acknowledged");
        for (FakeSlack.Update u : List.of(channelUpdate, dmUpdate)) {
            assertThat(u.blocks()).contains("Acknowledged by alice", "vigil_resolve", "vigil_escalate")
                    .doesNotContain("vigil_ack");
        }
        FakeSlack.Post reply = slack.posts().stream().filter(p -> p.threadTs().equals(channelPost.ts())).findFirst()
                .orElseThrow(() -> new AssertionError("no thread reply on the channel message"));
        assertThat(reply.channel()).isEqualTo(CHANNEL);
        assertThat(reply.text()).contains("alice");

        // Escalation stopped: dave, step 2, is never paged.
        app.runDue(clock.instant().plus(Duration.ofMinutes(11)));
        app.runDue(clock.instant().plus(Duration.ofHours(3)));
        assertThat(slack.posts()).noneMatch(p -> p.channel().equals("U01DAVE"));
    }

    @Test
    void escalateButtonPagesTheNextStepAtOnceAndResolveFromTheDmUpdatesBothMessages() {
        long id = failedStep();
        FakeSlack.Post channelPost = post(id, CHANNEL);
        FakeSlack.Post bobDm = post(id, BOB);

        action(BOB, "vigil_escalate", id, bobDm.answeredChannel(), bobDm.ts());
        FakeSlack.Post daveDm = post(id, "U01DAVE");
        assertThat(daveDm.blocks()).contains("vigil_ack");

        assertThat(action("U01DAVE", "vigil_resolve", id, daveDm.answeredChannel(), daveDm.ts()).status())
                .isEqualTo(200);
        assertThat(app.get("/api/v1/incidents/" + id).json().get("status").asText()).isEqualTo("resolved");
        for (FakeSlack.Post p : List.of(channelPost, bobDm, daveDm)) {
            FakeSlack.Update u = update(p.answeredChannel(), p.ts(), "resolved");
            assertThat(u.blocks()).doesNotContain("vigil_ack", "vigil_resolve", "vigil_escalate");
        }
        // Dave's page showed the escalation already: the step that paged him queued him the page and no update of
        // it (an update behind a page, in a storm, went out as a bundle line: a second notification for one page);
        // then the resolution updated it.
        try (java.sql.Connection c = db.dataSource().getConnection();
             java.sql.PreparedStatement q = c.prepareStatement(
                     "SELECT COUNT(*) FROM outbox WHERE incident_id = ? AND destination = 'U01DAVE'")) {
            q.setLong(1, id);
            try (java.sql.ResultSet rs = q.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).as("the page and the resolution").isEqualTo(2);
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
        // A button on the resolved incident answers with its state and changes nothing.
        String replyTo = slack.responseUrl();
        action("U01ALICE", "vigil_ack", id, CHANNEL, channelPost.ts(), replyTo);
        Await.until(WAIT, "an ephemeral answer", () -> slack.ephemeralReplies().stream()
                .filter(r -> r.contains("already resolved")).findFirst());
        assertThat(app.get("/api/v1/incidents/" + id).json().get("status").asText()).isEqualTo("resolved");
    }

    @Test
    void slashCommandsAnswerAndAct() {
        assertThat(command("U01ALICE", "oncall ingestion")).contains("ingestion (ingestion-primary): bob");
        long id = failedStep();
        assertThat(command("U01BOB", "incidents")).contains("#" + id, "of ingestion");
        assertThat(command("U01ALICE", "incidents")).contains("No open incidents for platform");
        assertThat(command("U01ALICE", "ack " + id)).contains("Acknowledged #" + id);
        assertThat(app.get("/api/v1/incidents/" + id).json().get("status").asText()).isEqualTo("acknowledged");
        assertThat(command("U01ALICE", "note " + id + " partner file is late again")).contains("Noted");
        assertThat(timeline(app.get("/api/v1/incidents/" + id).json()))
                .anyMatch(t -> t.contains("note from alice: partner file is late again"));

        assertThat(command("U01BOB", "page platform database is on fire")).contains("Paged platform");
        JsonNode paged = open().stream().filter(i -> i.get("team").asText().equals("platform")).findFirst().orElseThrow();
        assertThat(paged.get("title").asText()).isEqualTo("database is on fire");
        post(paged.get("id").asLong(), "C01PLAT");
        post(paged.get("id").asLong(), "U01ALICE");

        assertThat(command("U01ALICE", "override <@U01DAVE|dave> 2h ingestion-primary")).contains("dave takes ingestion-primary");
        assertThat(app.get("/api/v1/oncall?schedule=ingestion-primary").json().at("/users/0/id").asText()).isEqualTo("dave");

        String started = command("U01ALICE", "release start data-release 2026.12.01");
        assertThat(started).contains("Started data-release 2026.12.01 (run ");
        String run = started.replaceAll("(?s).*\\(run (\\d+)\\).*", "$1");
        assertThat(command("U01ALICE", "release status " + run)).contains("ingest (ingestion): ready");
        assertThat(command("U01BOB", "release done " + run + " ingest")).contains("succeeded");
        assertThat(command("U01BOB", "release status " + run)).contains("ingest (ingestion): succeeded");
        assertThat(command("U01ALICE", "help")).contains("/vigil oncall", "/vigil release");
        String silenced = command("U01ALICE", "silence alertname=Foo 1h the Foo migration");
        assertThat(silenced).startsWith("Silenced {alertname=\"Foo\"} until ");
        String silence = silenced.replaceAll("(?s).*\\(silence ([0-9a-f-]+)\\).*", "$1");
        JsonNode made = app.get("/api/v2/silence/" + silence).json();
        assertThat(made.get("createdBy").asText()).isEqualTo("alice");
        assertThat(made.get("comment").asText()).isEqualTo("the Foo migration");
        assertThat(made.get("status").get("state").asText()).isEqualTo("active");
    }

    @Test
    void refusedRequestsChangeNothing() {
        long id = failedStep();
        String body = actionBody("U01ALICE", "vigil_ack", id, CHANNEL, "1.1", slack.responseUrl());
        long now = clock.instant().getEpochSecond();
        assertThat(app.postForm("/slack/actions", body, "X-Slack-Request-Timestamp", String.valueOf(now),
                "X-Slack-Signature", "v0=" + "0".repeat(64)).status()).isEqualTo(401);
        assertThat(app.postForm("/slack/actions", body).status()).isEqualTo(401);
        long old = now - 6 * 60;
        assertThat(app.postForm("/slack/actions", body, "X-Slack-Request-Timestamp", String.valueOf(old),
                "X-Slack-Signature", sign(old, body)).status()).isEqualTo(401);
        VigilHarness.Reply tampered = app.postForm("/slack/actions", body.replace("vigil_ack", "vigil_resolve"),
                "X-Slack-Request-Timestamp", String.valueOf(now), "X-Slack-Signature", sign(now, body));
        assertThat(tampered.status()).isEqualTo(401);
        assertThat(tampered.json().get("message").asText()).contains("signature");
        assertThat(app.get("/api/v1/incidents/" + id).json().get("status").asText()).isEqualTo("triggered");

        assertThat(command("U0STRANGER", "ack " + id)).contains("not a Vigil user");
        String replyTo = slack.responseUrl();
        action("U0STRANGER", "vigil_resolve", id, CHANNEL, "1.1", replyTo);
        Await.until(WAIT, "the stranger's answer", () -> slack.ephemeralReplies().stream()
                .filter(r -> r.contains("not a Vigil user")).findFirst());
        assertThat(command("U01ALICE", "ack 999999")).contains("does not exist");
        assertThat(command("U01ALICE", "ack twelve")).contains("Usage: /vigil ack ID");
        assertThat(command("U01ALICE", "override @bob forever")).contains("not a duration");
        assertThat(command("U01ALICE", "frobnicate")).contains("unknown command", "/vigil help");
        assertThat(app.get("/api/v1/incidents/" + id).json().get("status").asText()).isEqualTo("triggered");
    }

    @Test
    void thirtyIncidentsInOneSecondReachTheChannelAsAFewMessagesWhileOthersAreNotDelayed() {
        List<Long> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ids.add(failedStep());
        }
        command("U01BOB", "page platform the load balancer is down");
        long platform = open().stream().filter(i -> i.get("team").asText().equals("platform")).findFirst().orElseThrow()
                .get("id").asLong();
        app.runDue();
        // The first second: ingestion's channel and bob get one message each; platform's channel and alice are not
        // held up behind them.
        assertThat(slack.posts()).filteredOn(p -> p.channel().equals(CHANNEL)).hasSize(1);
        assertThat(slack.about(platform, "C01PLAT")).hasSize(1);
        assertThat(slack.about(platform, "U01ALICE")).hasSize(1);
        for (int s = 0; s < 5; s++) {
            tick();
        }
        List<FakeSlack.Post> channel = slack.posts().stream().filter(p -> p.channel().equals(CHANNEL)).toList();
        assertThat(channel.size()).isBetween(2, 4);
        String everything = channel.stream().map(p -> p.text() + p.blocks()).reduce("", String::concat);
        for (long id : ids) {
            assertThat(everything).contains("#" + id + " ");
        }
        assertThat(slack.posts().stream().filter(p -> p.channel().equals(BOB)).count()).isBetween(2L, 4L);
    }

    private long failedStep() {
        VigilHarness.Reply r = app.post("/api/v1/releases", VigilHarness.ADMIN_TOKEN,
                "{\"pipeline\": \"data-release\", \"version\": \"2026.12.01\"}");
        assertThat(r.status()).isEqualTo(201);
        long run = r.json().get("id").asLong();
        assertThat(app.post("/api/v1/releases/" + run + "/steps/ingest", VigilHarness.ADMIN_TOKEN,
                "{\"status\": \"failed\", \"message\": \"partner file missing\"}").status()).isEqualTo(200);
        return open().stream().filter(i -> i.at("/labels/run").asText().equals(String.valueOf(run))).findFirst()
                .orElseThrow(() -> new AssertionError("no incident for run " + run)).get("id").asLong();
    }

    /** A second on, and what is due then runs: Slack takes about a message a second per channel. */
    private void tick() {
        app.runDue(clock.instant().plusSeconds(1));
    }

    private List<JsonNode> open() {
        return StreamSupport.stream(app.get("/api/v1/incidents?status=open").json().spliterator(), false).toList();
    }

    /** The first message about the incident to the destination, a second at a time (its run's notices go first). */
    private FakeSlack.Post post(long id, String destination) {
        for (int s = 0; s < 3; s++) {
            tick();
            Optional<FakeSlack.Post> p = slack.posts().stream()
                    .filter(m -> m.channel().equals(destination) && m.text().contains("#" + id + " ")).findFirst();
            if (p.isPresent()) {
                return p.get();
            }
        }
        throw new AssertionError("no message about #" + id + " to " + destination);
    }

    /** The latest chat.update of a message to {@code status}, a second at a time (the run's notices share the channel). */
    private FakeSlack.Update update(String channel, String ts, String status) {
        for (int s = 0; s < 3; s++) {
            tick();
            Optional<FakeSlack.Update> u = slack.updates().stream()
                    .filter(x -> x.channel().equals(channel) && x.ts().equals(ts) && x.text().contains(status))
                    .reduce((a, b) -> b);
            if (u.isPresent()) {
                return u.get();
            }
        }
        throw new AssertionError("no chat.update of " + channel + "/" + ts + " to " + status);
    }

    private static List<String> timeline(JsonNode incident) {
        return StreamSupport.stream(incident.get("timeline").spliterator(), false).map(e -> e.get("text").asText()).toList();
    }

    private VigilHarness.Reply action(String user, String actionId, long id, String channel, String ts) {
        return action(user, actionId, id, channel, ts, slack.responseUrl());
    }

    private VigilHarness.Reply action(String user, String actionId, long id, String channel, String ts, String responseUrl) {
        String body = actionBody(user, actionId, id, channel, ts, responseUrl);
        return app.postForm("/slack/actions", body, SlackRequests.signed(clock, body));
    }

    private static String actionBody(String user, String actionId, long id, String channel, String ts, String responseUrl) {
        return SlackRequests.actionBody(user, actionId, String.valueOf(id), channel, ts, responseUrl);
    }

    /** {@code /vigil TEXT} as Slack posts it; the ephemeral answer's text. */
    private String command(String user, String text) {
        String body = SlackRequests.commandBody(user, CHANNEL, text, slack.responseUrl());
        VigilHarness.Reply r = app.postForm("/slack/commands", body, SlackRequests.signed(clock, body));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("response_type").asText()).isEqualTo("ephemeral");
        return r.json().get("text").asText();
    }

    private static String sign(long timestamp, String body) {
        return SlackRequests.sign(timestamp, body);
    }

}
