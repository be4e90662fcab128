package dev.vigil.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A data release across three teams (rules in test resources {@code release/}), on manual ticks: the board in the
 * pipeline's channel follows every change in place, each team is told when its step's turn comes, a late step pages
 * its team with its runbook and is resolved when the step finishes, the manual step is marked done by a signed
 * button click, and nothing downstream of a failure is paged; a failed step's incident has its post-incident draft.
 * Subclasses pick the database.
 */
abstract class ReleaseScenarioTest {
    private static final Instant START = Instant.parse("2026-12-01T08:00:00Z");
    private static final String BOARD = "C0RELEASES";

    private FakeSlack slack;
    private MutableClock clock;
    private VigilHarness app;

    abstract TestDatabase database();

    @BeforeEach
    void setUp() throws Exception {
        slack = new FakeSlack();
        clock = new MutableClock(START);
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "scenarios")), "release");
        app = new VigilHarness(database(), "release", work, Map.of(), clock,
                ConfigOverride.config("slack.apiUrl", slack.apiUrl())).manualTicks().start();
    }

    @AfterEach
    void tearDown() {
        app.close();
        slack.close();
    }

    @Test
    void aWholeRunWithALateStepAManualStepMarkedDoneInSlackAndAFailure() {
        long run = start("2026.12.01");
        app.runDue();
        FakeSlack.Post board = only(BOARD);
        assertThat(board.text()).contains("data-release 2026.12.01 (run " + run + ")", "ingest (ingestion): ready");
        FakeSlack.Post ingestTurn = only("C01INGEST");
        assertThat(ingestTurn.text()).contains("ingest is ready for ingestion", "/runbooks/data-release/ingest");
        assertThat(ingestTurn.blocks()).doesNotContain("vigil_step_done");

        report(run, "ingest", "running");
        tick(Duration.ofMinutes(1));
        tick(Duration.ofSeconds(1)); // the board redrawn at 08:01 waits a second behind the report's
        assertThat(lastBoard(board)).contains("ingest (ingestion): running since 08:00 UTC, 1m");

        // Two hours and a bit later ingest is late: ingestion is paged with the step's runbook.
        tick(Duration.ofMinutes(121));
        JsonNode late = openIncident("ReleaseStepLate");
        assertThat(late.get("team").asText()).isEqualTo("ingestion");
        assertThat(late.get("runbookUrl").asText()).endsWith("/runbooks/data-release/ingest");
        tick(Duration.ofSeconds(1));
        assertThat(slack.about(late.get("id").asLong(), "U01ALICE")).hasSize(1);
        assertThat(lastBoard(board)).contains("ingest (ingestion): late", "running for 2h2m, expected 2h");

        // It succeeds: the late incident resolves; validate's turn comes, with the buttons.
        report(run, "ingest", "succeeded");
        assertThat(app.get("/api/v1/incidents/" + late.get("id").asLong()).json().get("status").asText())
                .isEqualTo("resolved");
        tick(Duration.ofSeconds(1));
        FakeSlack.Post dqTurn = only("C01DQ");
        assertThat(dqTurn.blocks()).contains("vigil_step_done", "vigil_step_failed", "\"value\":\"" + run + "/validate\"");

        // Quinn marks it done from Slack, as Slack sends the click.
        String body = SlackRequests.actionBody("U01QUINN", "vigil_step_done", run + "/validate", "C01DQ", dqTurn.ts(),
                slack.responseUrl());
        assertThat(app.postForm("/slack/actions", body, SlackRequests.signed(clock, body)).status()).isEqualTo(200);
        assertThat(step(run, "validate")).isEqualTo("succeeded");
        tick(Duration.ofSeconds(1));
        // The "now you do this" message says what happened, and its buttons are gone.
        FakeSlack.Update done = slack.updates().stream()
                .filter(u -> u.channel().equals(dqTurn.answeredChannel()) && u.ts().equals(dqTurn.ts())).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("the ready message was not updated"));
        assertThat(done.text()).contains("validate succeeded: marked done in Slack by quinn");
        assertThat(done.blocks()).doesNotContain("vigil_step_done", "vigil_step_failed");
        assertThat(only("C01PLAT").text()).contains("publish is ready for platform");

        // Publish fails: platform is paged, and nothing more.
        report(run, "publish", "failed");
        tick(Duration.ofSeconds(1));
        JsonNode failed = openIncident("ReleaseStepFailed");
        assertThat(failed.get("team").asText()).isEqualTo("platform");
        tick(Duration.ofHours(8));
        assertThat(open()).extracting(i -> i.at("/labels/alertname").asText()).containsExactly("ReleaseStepFailed");
        assertThat(lastBoard(board)).contains("ingest (ingestion): succeeded since 10:02 UTC, took 2h2m",
                "validate (data-quality): succeeded",
                "publish (platform): failed");

        // History: the run with each step's state and duration, and the duration histogram.
        JsonNode history = app.get("/api/v1/releases?pipeline=data-release&limit=5").json();
        assertThat(history.get(0).get("id").asLong()).isEqualTo(run);
        JsonNode ingest = history.get(0).get("steps").get(0);
        assertThat(ingest.get("startedAt").asText()).isEqualTo("2026-12-01T08:00:00Z");
        assertThat(ingest.get("durationSeconds").asDouble()).isEqualTo(Duration.ofMinutes(122).plusSeconds(2).toSeconds());
        assertThat(app.get("/metrics").body())
                .contains("vigil_release_step_duration_seconds_count{release=\"data-release\",step=\"ingest\"} 1");
        assertThat(app.get("/api/v1/releases?pipeline=nope").status()).isEqualTo(400);
        assertThat(app.get("/api/v1/releases?limit=abc").json().get("message").asText()).contains("limit");

        // One board message, updated in place throughout.
        assertThat(slack.posts()).filteredOn(p -> p.channel().equals(BOARD)).hasSize(1);
        assertThat(slack.updates()).filteredOn(u -> u.channel().equals(BOARD)).isNotEmpty()
                .allMatch(u -> u.ts().equals(board.ts()));
    }

    @Test
    void aRunItsFailureFinishedIsLookedAfterAgainWhenTheStepRunsAgain() {
        long run = start("3");
        app.runDue();
        report(run, "ingest", "failed"); // nothing can move: the run is finished
        tick(Duration.ofSeconds(1));
        report(run, "ingest", "running"); // re-run: the failure resolves and the tick watches the run again
        tick(Duration.ofMinutes(125));
        assertThat(open()).extracting(i -> i.at("/labels/alertname").asText() + "/" + i.at("/labels/step").asText())
                .containsExactly("ReleaseStepLate/ingest");
    }

    @Test
    void aFailureBlocksWhatFollowsAndInhibitsTheRunsLateAlertsAndEachRunHasItsOwnBoard() {
        long first = start("1");
        long second = start("2");
        app.runDue();
        tick(Duration.ofSeconds(1));
        List<FakeSlack.Post> boards = slack.posts().stream().filter(p -> p.channel().equals(BOARD)).toList();
        assertThat(boards).hasSize(2);
        assertThat(boards.get(0).ts()).isNotEqualTo(boards.get(1).ts());

        report(first, "ingest", "failed");
        // Past validate's deadline: the first run's steps are blocked, not late; the second run's are late.
        tick(Duration.ofHours(7));
        assertThat(step(first, "validate")).isEqualTo("blocked");
        assertThat(step(second, "validate")).isEqualTo("late");
        assertThat(open()).extracting(i -> i.at("/labels/alertname").asText() + "/" + i.at("/labels/run").asText()
                + "/" + i.at("/labels/step").asText())
                .containsExactlyInAnyOrder("ReleaseStepFailed/" + first + "/ingest",
                        "ReleaseStepLate/" + second + "/validate");
        assertThat(slack.posts()).noneMatch(p -> p.channel().equals("C01DQ") && p.text().contains("(run " + first + ")"));
    }

    @Test
    void aGateThatHoldsForItsWholeForLetsWhatFollowsGoAndOneThatFailsPagesTheStepsTeam() {
        long held = start("gated-release", "1");
        report(held, "deploy", "succeeded");
        tick(Duration.ofMinutes(5));
        assertThat(step(held, "deploy")).isEqualTo("gating");
        assertThat(step(held, "announce")).isEqualTo("pending");
        tick(Duration.ofMinutes(6));
        assertThat(step(held, "deploy")).isEqualTo("succeeded");
        assertThat(step(held, "announce")).isEqualTo("ready");
        tick(Duration.ofSeconds(1));
        assertThat(only("C01INGEST").text()).contains("announce is ready for ingestion");

        long failing = start("bad-gate-release", "1");
        report(failing, "deploy", "succeeded");
        assertThat(step(failing, "deploy")).isEqualTo("failed");
        assertThat(step(failing, "announce")).isEqualTo("blocked");
        JsonNode gate = openIncident("ReleaseGateFailed");
        assertThat(gate.get("team").asText()).isEqualTo("platform");
        assertThat(gate.get("runbookUrl").asText()).endsWith("/runbooks/data-release/publish");
        tick(Duration.ofSeconds(1));
        assertThat(slack.about(gate.get("id").asLong(), "U01PAT")).hasSize(1);
        tick(Duration.ofHours(1));
        assertThat(slack.posts()).noneMatch(p -> p.text().contains("(run " + failing + "): announce"));

        // Reported again, the step's gate starts afresh: the old failure is resolved and the gate, checked anew,
        // fails again and pages again.
        report(failing, "deploy", "succeeded");
        assertThat(step(failing, "deploy")).isEqualTo("failed");
        JsonNode again = openIncident("ReleaseGateFailed");
        assertThat(again.get("id").asLong()).isNotEqualTo(gate.get("id").asLong());
    }

    @Test
    void whatAStartAndAReportAnswerIsWhatEveryLaterReadShows() {
        clock.set(START.plusNanos(123_456_789)); // a system clock reads to the microsecond or finer
        VigilHarness.Reply started = app.post("/api/v1/releases", VigilHarness.ADMIN_TOKEN,
                "{\"pipeline\": \"data-release\", \"version\": \"2026.12.01\"}");
        long run = started.json().get("id").asLong();
        VigilHarness.Reply reported = app.post("/api/v1/releases/" + run + "/steps/ingest", VigilHarness.ADMIN_TOKEN,
                "{\"status\": \"running\"}");

        JsonNode read = app.get("/api/v1/releases/" + run).json();
        assertThat(started.json().get("startedAt").asText()).isEqualTo(read.get("startedAt").asText())
                .isEqualTo("2026-12-01T08:00:00.123Z");
        assertThat(reported.json().get("steps").get(0).get("updatedAt").asText())
                .isEqualTo(read.get("steps").get(0).get("updatedAt").asText());
    }

    /**
     * The post-incident draft of a failed step: alice is paged at 08:00, a responder token acknowledges at 08:04:30 and
     * adds a hostile note, the admin token resolves at 08:10; the report times each, names who did it, and keeps the
     * note's Markdown and HTML as text.
     */
    @Test
    void aResolvedIncidentsDraftTimesEachResponseAndNamesWhoDidIt() {
        long run = app.post("/api/v1/releases", VigilHarness.ADMIN_TOKEN,
                "{\"pipeline\": \"data-release\", \"version\": \"2026.12.01\"}").json().get("id").asLong();
        assertThat(app.post("/api/v1/releases/" + run + "/steps/ingest", VigilHarness.ADMIN_TOKEN,
                "{\"status\": \"failed\", \"message\": \"partner file missing\"}").status()).isEqualTo(200);
        app.runDue();
        JsonNode incident = openIncident("ReleaseStepFailed");
        long id = incident.get("id").asLong();

        clock.advance(Duration.ofSeconds(270));
        assertThat(app.post("/api/v1/incidents/" + id + "/acknowledge", VigilHarness.RESPONDER_TOKEN, null).status())
                .isEqualTo(200);
        clock.advance(Duration.ofSeconds(30));
        assertThat(app.post("/api/v1/incidents/" + id + "/notes", VigilHarness.RESPONDER_TOKEN,
                "{\"text\": \"reran <b>ingest</b> | see [x](javascript:alert(1))\\n# not a heading\"}").status())
                .isEqualTo(200);
        clock.advance(Duration.ofMinutes(5));
        assertThat(app.post("/api/v1/incidents/" + id + "/resolve", VigilHarness.ADMIN_TOKEN, null).status())
                .isEqualTo(200);
        tick(Duration.ofSeconds(1));
        tick(Duration.ofSeconds(1)); // the messages about it updated in place
        assertThat(app.get("/api/v1/incidents/" + id).json().get("timeline").findValuesAsText("text"))
                .anyMatch(t -> t.startsWith("sent update (resolved) to alice"));
        clock.advance(Duration.ofMinutes(50));

        VigilHarness.Reply reply = app.get("/api/v1/incidents/" + id + "/report");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("text/markdown");
        String report = reply.body();
        assertThat(report).startsWith("# Incident " + id + ": Release data-release 2026.12.01 (run " + run
                + "): step ingest failed\n");
        assertThat(report).contains(
                "- **Status:** resolved\n",
                "- **Team:** ingestion\n",
                "- **Acknowledged:** 2026-12-01 08:04:30 UTC, 4m30s after it opened\n",
                "- **Resolved:** 2026-12-01 08:10:00 UTC, 10m after it opened\n",
                "- **Time to acknowledge:** 4m30s\n",
                "- **Time to resolve:** 10m\n",
                "- **Runbook:** <" + incident.get("runbookUrl").asText() + ">\n",
                // The step is still failed: its alert fires on after a person resolved the incident.
                "1 alert fired from 2026-12-01 08:00:00 UTC to 2026-12-01 08:10:00 UTC (10m); 1 still firing when the "
                        + "incident was resolved.",
                "`{alertname=\"ReleaseStepFailed\", release=\"data-release\", run=\"" + run + "\", severity=\"page\", "
                        + "step=\"ingest\", team=\"ingestion\"}`: firing from 2026-12-01 08:00:00 UTC, still firing when the "
                        + "incident was resolved (10m): Release data-release",
                "- alice (Alice Kim): messaged from 2026-12-01 08:00:00 UTC\n",
                "- responder: acknowledged at 2026-12-01 08:04:30 UTC; added a note at 2026-12-01 08:05:00 UTC\n",
                "- admin-bot: resolved at 2026-12-01 08:10:00 UTC\n",
                "- 2026-12-01 08:04:30 UTC · **acknowledged** by responder: acknowledged by responder; escalation stopped\n",
                "note from responder: reran \\<b\\>ingest\\</b\\> \\| see \\[x\\](javascript:alert(1)) \\# not a heading\n",
                "## Follow-ups\n");
        assertThat(report).doesNotContain("<b>", "[x]", "\n# not a heading");
        // Deliveries are on it, edits of messages already delivered are not: they repeat a change it shows.
        assertThat(report).contains("- 2026-12-01 08:00:00 UTC · **notified**: sent opened notice to alice via Slack\n")
                .doesNotContain("sent update");

        // The timeline the API shows names the same actors; what Vigil did itself has none.
        JsonNode timeline = app.get("/api/v1/incidents/" + id).json().get("timeline");
        assertThat(timeline.get(0).get("kind").asText()).isEqualTo("opened");
        assertThat(timeline.get(0).has("actor")).isFalse();
        assertThat(timeline.findValuesAsText("actor")).containsExactly("responder", "responder", "admin-bot");
    }

    /**
     * Triage of a failed step's incident: the responder raises its severity and rewrites its summary (every message
     * about it updated in place), then asks quinn, who is not on call, to help: quinn is paged with the buttons and
     * the team channel's thread is told. Bad requests change nothing; a resolved incident takes no responder.
     */
    @Test
    void aResponderTriagesAnIncidentAndAddsSomeoneWhoIsNotOnCall() {
        long run = start("2026.12.01");
        report(run, "ingest", "failed");
        app.runDue();
        long id = openIncident("ReleaseStepFailed").get("id").asLong();
        String path = "/api/v1/incidents/" + id;
        int updates = slack.updates().size();

        VigilHarness.Reply triaged = app.patch(path, VigilHarness.RESPONDER_TOKEN,
                "{\"severity\": \"critical\", \"summary\": \"Partner feed missing for 2026.12.01\"}");
        assertThat(triaged.status()).isEqualTo(200);
        assertThat(triaged.json().get("severity").asText()).isEqualTo("critical");
        assertThat(triaged.json().get("title").asText()).isEqualTo("Partner feed missing for 2026.12.01");
        JsonNode event = last(triaged.json().get("timeline"));
        assertThat(event.get("kind").asText()).isEqualTo("triaged");
        assertThat(event.get("actor").asText()).isEqualTo("responder");
        assertThat(event.get("text").asText())
                .isEqualTo("severity page → critical, summary \"Partner feed missing for 2026.12.01\" (by responder)");
        tick(Duration.ofSeconds(1)); // a second behind the page, as Slack's pace per channel asks
        assertThat(slack.updates().subList(updates, slack.updates().size()))
                .anySatisfy(u -> assertThat(u.text()).contains("Partner feed missing for 2026.12.01"));

        // The same again changes nothing and records nothing.
        int events = app.get(path).json().get("timeline").size();
        assertThat(app.patch(path, VigilHarness.RESPONDER_TOKEN, "{\"severity\": \"critical\"}").status()).isEqualTo(200);
        assertThat(app.get(path).json().get("timeline").size()).isEqualTo(events);

        // Bad requests are 400s or 404s that name what is wrong, and change nothing.
        assertThat(app.patch(path, VigilHarness.RESPONDER_TOKEN, "{}").json().get("message").asText())
                .isEqualTo("severity or summary: required (what to change)");
        assertThat(app.patch(path, VigilHarness.RESPONDER_TOKEN, "{\"severity\": \" \"}").json().get("message").asText())
                .isEqualTo("severity: must not be empty");
        assertThat(app.patch(path, VigilHarness.READ_TOKEN, "{\"severity\": \"info\"}").status()).isEqualTo(403);
        VigilHarness.Reply nobody = app.post(path + "/responders", VigilHarness.RESPONDER_TOKEN, "{\"user\": \"nobody\"}");
        assertThat(nobody.status()).isEqualTo(404);
        assertThat(nobody.json().get("message").asText()).isEqualTo("user nobody is not a user in rules/");
        assertThat(app.get(path).json().get("timeline").size()).isEqualTo(events);

        VigilHarness.Reply added = app.post(path + "/responders", VigilHarness.RESPONDER_TOKEN, "{\"user\": \"quinn\"}");
        assertThat(added.status()).isEqualTo(200);
        event = last(added.json().get("timeline"));
        assertThat(event.get("kind").asText()).isEqualTo("responder");
        assertThat(event.get("text").asText()).isEqualTo("quinn added as a responder by responder");
        tick(Duration.ofSeconds(1));
        tick(Duration.ofSeconds(1)); // the channel's thread line a second behind its update
        List<FakeSlack.Message> page = slack.about(id, "U01QUINN");
        assertThat(page).hasSize(1);
        assertThat(page.get(0).blocks()).contains("vigil_ack", "You were added as a responder by responder");
        assertThat(slack.posts()).anySatisfy(p -> {
            assertThat(p.channel()).isEqualTo("C01INGEST");
            assertThat(p.threadTs()).isNotEmpty();
            assertThat(p.text()).contains("Responder added: quinn (by responder)");
        });

        assertThat(app.post(path + "/resolve", VigilHarness.RESPONDER_TOKEN, null).status()).isEqualTo(200);
        assertThat(app.post(path + "/responders", VigilHarness.RESPONDER_TOKEN, "{\"user\": \"pat\"}").status())
                .isEqualTo(409);
    }

    private static JsonNode last(JsonNode array) {
        return array.get(array.size() - 1);
    }

    @Test
    void anIncidentThatDoesNotExistHasNoReport() {
        VigilHarness.Reply reply = app.get("/api/v1/incidents/987654321/report");
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.json().get("message").asText()).isEqualTo("incident 987654321 does not exist");
    }

    private long start(String version) {
        return start("data-release", version);
    }

    private long start(String pipeline, String version) {
        VigilHarness.Reply r = app.post("/api/v1/releases", VigilHarness.ADMIN_TOKEN,
                "{\"pipeline\": \"" + pipeline + "\", \"version\": \"" + version + "\"}");
        assertThat(r.status()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    private void report(long run, String step, String status) {
        assertThat(app.post("/api/v1/releases/" + run + "/steps/" + step, VigilHarness.ADMIN_TOKEN,
                "{\"status\": \"" + status + "\"}").status()).isEqualTo(200);
    }

    private String step(long run, String step) {
        for (JsonNode s : app.get("/api/v1/releases/" + run).json().get("steps")) {
            if (s.get("id").asText().equals(step)) {
                return s.get("state").asText();
            }
        }
        throw new AssertionError("no step " + step);
    }

    private void tick(Duration d) {
        app.runDue(clock.instant().plus(d));
    }

    private FakeSlack.Post only(String channel) {
        List<FakeSlack.Post> posts = slack.posts().stream().filter(p -> p.channel().equals(channel)).toList();
        assertThat(posts).as("posts to " + channel).isNotEmpty();
        return posts.get(posts.size() - 1);
    }

    /** The board as its latest chat.update shows it (or as posted). */
    private String lastBoard(FakeSlack.Post board) {
        return slack.updates().stream().filter(u -> u.channel().equals(BOARD) && u.ts().equals(board.ts()))
                .map(FakeSlack.Update::text).reduce((a, b) -> b).orElse(board.text());
    }

    private List<JsonNode> open() {
        return StreamSupport.stream(app.get("/api/v1/incidents?status=open").json().spliterator(), false).toList();
    }

    private JsonNode openIncident(String alertname) {
        return open().stream().filter(i -> i.at("/labels/alertname").asText().equals(alertname)).findFirst()
                .orElseThrow(() -> new AssertionError("no open " + alertname + " incident"));
    }
}
