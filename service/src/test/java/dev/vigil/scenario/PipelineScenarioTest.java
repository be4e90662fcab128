package dev.vigil.scenario;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.vigil.testing.Await;
import dev.vigil.testing.FakeSlack;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestDatabase;
import dev.vigil.testing.VigilHarness;
import io.dropwizard.testing.ConfigOverride;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The thin path through the whole pipeline, with the real application, WireMock as Slack and as the
 * probe target, and a clock the test moves. Subclasses pick the database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class PipelineScenarioTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String RESPOND = VigilHarness.RESPONDER_TOKEN;
    private static final String ADMIN = VigilHarness.ADMIN_TOKEN;

    Path work;
    FakeSlack slack;
    WireMockServer target;
    VigilHarness app;
    MutableClock clock;

    abstract TestDatabase database();

    @BeforeAll
    void start() throws java.io.IOException {
        work = java.nio.file.Files.createTempDirectory(java.nio.file.Files.createDirectories(Path.of("target", "scenarios")), "run");
        slack = new FakeSlack();
        target = new WireMockServer(options().dynamicPort());
        target.start();
        healthy(true);
        clock = new MutableClock(Instant.now());
        app = new VigilHarness(database(), "scenario", work, Map.of("PROBE_URL", target.baseUrl()), clock,
                ConfigOverride.config("slack.apiUrl", slack.apiUrl())).start();
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
        target.stop();
        slack.close();
    }

    @Test
    @Order(1)
    void failingProbePagesTheTeamChannelAndTheOnCallUserWithinTwoSeconds() {
        Await.untilTrue(WAIT, "a healthy probe run on /metrics",
                () -> app.get("/metrics").body().contains("probe_success{probe=\"checkout-api\",service=\"checkout-api\",team=\"checkout\"} 1.0"));
        assertThat(openIncidents()).isEmpty();

        Instant switched = Instant.now();
        healthy(false);
        JsonNode incident = Await.until(WAIT, "an open incident for the probe", () -> openIncidents().stream()
                .filter(i -> i.at("/labels/probe").asText().equals("checkout-api"))
                .filter(i -> i.at("/labels/alertname").asText().equals("ProbeFailed")).findFirst());
        long id = incident.get("id").asLong();
        assertThat(incident.get("team").asText()).isEqualTo("checkout");
        assertThat(incident.get("status").asText()).isEqualTo("triggered");
        assertThat(incident.at("/labels/alertname").asText()).isEqualTo("ProbeFailed");
        assertThat(incident.get("runbookUrl").asText()).isEqualTo("https://vigil.example.com/runbooks/checkout-api-down");

        FakeSlack.Message dm = Await.until(WAIT, "a DM to the on-call user",
                () -> slack.about(id, "U_ALICE").stream().findFirst());
        FakeSlack.Message post = Await.until(WAIT, "a post to the team channel",
                () -> slack.about(id, "C_CHECKOUT").stream().findFirst());
        Instant firstFailingRun = target.findAll(getRequestedFor(urlEqualTo("/health"))).stream()
                .map(LoggedRequest::getLoggedDate).map(d -> d.toInstant()).filter(t -> t.isAfter(switched))
                .min(Instant::compareTo).orElseThrow();
        assertThat(Duration.between(firstFailingRun, dm.at())).isLessThan(Duration.ofSeconds(2));
        for (FakeSlack.Message m : new FakeSlack.Message[] {dm, post}) {
            assertThat(m.text()).contains("Probe checkout-api is failing", "https://vigil.example.com/runbooks/checkout-api-down");
            assertThat(m.blocks()).contains("vigil_ack", "vigil_resolve", "vigil_escalate", "checkout-api-down");
        }
        String metrics = app.get("/metrics").body();
        assertThat(metrics).contains("probe_success{probe=\"checkout-api\",service=\"checkout-api\",team=\"checkout\"} 0.0",
                "probe_http_status_code{probe=\"checkout-api\",service=\"checkout-api\",team=\"checkout\"} 500.0",
                "probe_duration_seconds{probe=\"checkout-api\"");

        healthy(true);
        JsonNode resolved = Await.until(WAIT, "the recovered probe to resolve its incident", () -> {
            JsonNode i = app.get("/api/v1/incidents/" + id).json();
            return i.get("status").asText().equals("resolved") ? Optional.of(i) : Optional.empty();
        });
        assertThat(resolved.get("resolvedAt").isNull()).isFalse();
        assertThat(resolved.at("/alerts/0/status").asText()).isEqualTo("resolved");
        assertThat(texts(resolved.get("timeline"))).anyMatch(t -> t.contains("every alert has resolved"));
    }

    @Test
    @Order(2)
    void failedReleaseStepPagesTheTeamThatOwnsIt() {
        long run = startRun();
        VigilHarness.Reply step = app.post("/api/v1/releases/" + run + "/steps/ingest", ADMIN,
                "{\"status\": \"failed\", \"message\": \"partner file missing\", \"url\": \"https://ci.example.com/42\"}");
        assertThat(step.status()).isEqualTo(200);
        assertThat(stepState(step.json(), "ingest")).isEqualTo("failed");
        assertThat(stepState(step.json(), "publish")).isEqualTo("blocked");

        JsonNode incident = incidentForRun(run);
        long id = incident.get("id").asLong();
        assertThat(incident.get("team").asText()).isEqualTo("ingestion");
        assertThat(incident.at("/labels/alertname").asText()).isEqualTo("ReleaseStepFailed");
        assertThat(incident.at("/labels/release").asText()).isEqualTo("data-release");
        assertThat(incident.at("/labels/step").asText()).isEqualTo("ingest");
        assertThat(incident.get("runbookUrl").asText()).isEqualTo("https://vigil.example.com/runbooks/data-release/ingest");

        FakeSlack.Message dm = Await.until(WAIT, "a DM to ingestion's on-call user",
                () -> slack.about(id, "U_CAROL").stream().findFirst());
        Await.until(WAIT, "a post to ingestion's channel", () -> slack.about(id, "C_INGEST").stream().findFirst());
        assertThat(dm.text()).contains("step ingest failed", "runbooks/data-release/ingest");
        assertThat(slack.about(id, "U_ALICE")).isEmpty();

        JsonNode shown = app.get("/api/v1/releases/" + run).json();
        assertThat(stepState(shown, "ingest")).isEqualTo("failed");
        JsonNode series = app.get("/api/v1/query?query=" + java.net.URLEncoder.encode(
                "vigil_release_step_status{run=\"" + run + "\"}", java.nio.charset.StandardCharsets.UTF_8)).json();
        assertThat(series.at("/data/result")).hasSize(1);
        assertThat(series.at("/data/result/0/metric/status").asText()).isEqualTo("failed");
        assertThat(series.at("/data/result/0/metric/team").asText()).isEqualTo("ingestion");
    }

    @Test
    @Order(3)
    void acknowledgeStopsEscalationAndResolveEndsTheIncident() {
        long id = failRun();
        assertThat(app.post("/api/v1/incidents/" + id + "/acknowledge", null, "").status()).isEqualTo(401);
        assertThat(app.post("/api/v1/incidents/" + id + "/acknowledge", "wrong-token", "").status()).isEqualTo(401);
        assertThat(app.post("/api/v1/incidents/" + id + "/acknowledge", VigilHarness.READ_TOKEN, "").status()).isEqualTo(403);
        assertThat(app.get("/api/v1/incidents/" + id).json().get("status").asText()).isEqualTo("triggered");

        VigilHarness.Reply ack = app.post("/api/v1/incidents/" + id + "/acknowledge", RESPOND, "");
        assertThat(ack.status()).isEqualTo(200);
        assertThat(ack.json().get("status").asText()).isEqualTo("acknowledged");
        assertThat(ack.json().get("acknowledgedAt").isNull()).isFalse();
        assertThat(ack.json().get("nextEscalationAt")).isNull();
        assertThat(idsWithStatus("acknowledged")).contains(id);
        assertThat(idsWithStatus("triggered")).doesNotContain(id);

        clock.advance(Duration.ofMinutes(15));
        sleepOverTicks();
        assertThat(slack.about(id, "U_BOB")).as("no escalation after acknowledge").isEmpty();

        VigilHarness.Reply resolved = app.post("/api/v1/incidents/" + id + "/resolve", RESPOND, "");
        assertThat(resolved.json().get("status").asText()).isEqualTo("resolved");
        assertThat(idsWithStatus("resolved")).contains(id);
        assertThat(idsWithStatus("open")).doesNotContain(id);
        assertThat(texts(resolved.json().get("timeline")))
                .anyMatch(t -> t.contains("acknowledged by responder"))
                .anyMatch(t -> t.contains("resolved by responder"));
    }

    @Test
    @Order(4)
    void anUnacknowledgedIncidentEscalatesToTheNextStep() {
        long id = failRun();
        Await.until(WAIT, "the first step's DM", () -> slack.about(id, "U_CAROL").stream().findFirst());
        assertThat(slack.about(id, "U_BOB")).isEmpty();
        clock.advance(Duration.ofMinutes(11));
        Await.until(WAIT, "the second step's DM to bob", () -> slack.about(id, "U_BOB").stream().findFirst());
        JsonNode incident = app.get("/api/v1/incidents/" + id).json();
        assertThat(texts(incident.get("timeline"))).anyMatch(t -> t.contains("escalation step 2 of ingestion-policy: notifying bob"));
        assertThat(incident.get("nextEscalationAt")).as("bob was the last step").isNull();
    }

    @Test
    @Order(5)
    void badRequestsGetA4xxNamingTheFieldAndChangeNothing() {
        int before = app.get("/api/v1/incidents").json().size();
        VigilHarness.Reply unknown = app.post("/api/v1/releases", ADMIN, "{\"pipeline\": \"nope\", \"version\": \"1\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("message").asText()).contains("pipeline").contains("nope");
        assertThat(app.post("/api/v1/releases", ADMIN, "{\"pipeline\": \"data-release\"}").json().get("message").asText())
                .contains("version");
        long run = startRun();
        VigilHarness.Reply badStatus = app.post("/api/v1/releases/" + run + "/steps/ingest", ADMIN, "{\"status\": \"done\"}");
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.json().get("message").asText()).contains("status").contains("done");
        String boardBefore = app.get("/api/v1/releases/" + run).body();
        VigilHarness.Reply noStep = app.post("/api/v1/releases/" + run + "/steps/nope", ADMIN, "{\"status\": \"failed\"}");
        assertThat(noStep.status()).isEqualTo(404);
        assertThat(noStep.json().get("message").asText()).isEqualTo("step nope is not a step of data-release");
        assertThat(app.get("/api/v1/releases/" + run).body()).isEqualTo(boardBefore);
        VigilHarness.Reply noRun = app.post("/api/v1/releases/999999/steps/ingest", ADMIN, "{\"status\": \"failed\"}");
        assertThat(noRun.status()).isEqualTo(404);
        assertThat(noRun.json().get("message").asText()).isEqualTo("release run 999999 does not exist");
        assertThat(app.post("/api/v1/releases", null, "{\"pipeline\": \"data-release\", \"version\": \"1\"}").status()).isEqualTo(401);
        assertThat(app.get("/api/v1/incidents?status=bogus").status()).isEqualTo(400);
        assertThat(app.get("/api/v1/incidents?limit=abc").json().get("message").asText())
                .isEqualTo("limit: \"abc\" is not a whole number");
        VigilHarness.Reply tokenInUrl = app.post("/api/v1/releases?access_token=" + ADMIN, null,
                "{\"pipeline\": \"data-release\", \"version\": \"1\"}");
        assertThat(tokenInUrl.status()).isEqualTo(400);
        assertThat(tokenInUrl.json().get("message").asText()).startsWith("access_token: tokens are not accepted in the URL");
        assertThat(app.get("/api/v1/incidents/999999").status()).isEqualTo(404);
        assertThat(app.post("/api/v1/incidents/999999/acknowledge", RESPOND, "").status()).isEqualTo(404);
        assertThat(app.post("/api/v1/releases", ADMIN, "{not json").json().get("message").asText())
                .startsWith("body is not valid JSON at line 1, column 2");
        assertThat(app.post("/api/v1/releases", ADMIN, "{\"pipeline\": \"data-release\", \"versoin\": \"1\"}")
                .json().get("message").asText()).isEqualTo("versoin: unknown field (expected one of: pipeline, version)");
        assertThat(app.post("/api/v1/releases", ADMIN, "{\"pipeline\": [\"x\"], \"version\": \"1\"}")
                .json().get("message").asText()).isEqualTo("pipeline: expected a string");
        assertThat(app.post("/api/v1/releases", ADMIN, "[1]").json().get("message").asText()).isEqualTo("body: expected a JSON object");
        assertThat(app.post("/api/v1/releases", ADMIN, "{\"pipeline\": \"data-release\", \"version\": 1e400}")
                .json().get("message").asText()).isEqualTo("version: expected a string");
        assertThat(app.post("/api/v1/releases/" + run + "/steps/ingest", ADMIN, "{\"status\": \"failed\", \"message\": 123}")
                .json().get("message").asText()).isEqualTo("message: expected a string");
        assertThat(app.post("/api/v1/releases", ADMIN, "{\"pipeline\": \"data-release\", \"version\": \"1\", \"version\": \"2\"}")
                .json().get("message").asText()).contains("Duplicate field 'version'");
        assertThat(app.post("/api/v1/releases", ADMIN, "{\"pipeline\": \"data-release\", \"version\": \"1\\u0000\"}")
                .json().get("message").asText()).isEqualTo("version: contains a NUL character (\\u0000)");
        assertThat(app.get("/api/v1/oncall?schedule=checkout-primary&at=%2B999999999-12-31T23:59:59Z").json()
                .get("message").asText()).contains("out of range");
        VigilHarness.Reply longMessage = app.post("/api/v1/releases/" + run + "/steps/ingest", ADMIN,
                "{\"status\": \"failed\", \"message\": \"" + "x".repeat(2001) + "\"}");
        assertThat(longMessage.status()).isEqualTo(400);
        assertThat(longMessage.json().get("message").asText())
                .isEqualTo("message: 2001 characters (expected: at most 2000)");
        assertThat(app.post("/api/v1/releases", ADMIN, "{\"pipeline\": \"data-release\", \"version\": \""
                + "9".repeat(201) + "\"}").json().get("message").asText()).startsWith("version: 201 characters");
        sleepOverTicks();
        assertThat(slack.messages()).as("nobody paged for a refused report")
                .noneMatch(m -> m.text().startsWith("[") && m.text().contains("(run " + run + ")"));
        assertThat(stepState(app.get("/api/v1/releases/" + run).json(), "ingest")).isEqualTo("ready");
        assertThat(app.get("/api/v1/incidents").json().size()).isEqualTo(before);
    }

    @Test
    @Order(6)
    void onCallIsAnsweredWithUntil() {
        JsonNode on = app.get("/api/v1/oncall?schedule=checkout-primary&at=2026-11-22T02:00:00Z").json();
        assertThat(on.get("schedule").asText()).isEqualTo("checkout-primary");
        assertThat(on.at("/users/0/id").asText()).isEqualTo("alice");
        assertThat(on.at("/users/0/slackId").asText()).isEqualTo("U_ALICE");
        assertThat(on.get("until").isNull()).as("alice is the only member: nothing changes").isTrue();
        assertThat(app.get("/api/v1/oncall?schedule=checkout-primry").json().get("message").asText())
                .contains("did you mean \"checkout-primary\"?");
        assertThat(app.get("/api/v1/oncall?schedule=checkout-primary&at=noon").status()).isEqualTo(400);
    }

    @Test
    @Order(6)
    void runbooksAreServedAsHtmlAndHealthIsReported() {
        VigilHarness.Reply page = app.get("/runbooks/checkout-api-down");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<h1>Checkout API down</h1>", "<strong>load balancer</strong>");
        assertThat(app.get("/runbooks/nope").status()).isEqualTo(404);
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'none'", "frame-ancestors 'none'");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(app.get("/api/v1/incidents").header("X-Frame-Options")).isEqualTo("DENY");
        JsonNode health = app.getAbsolute(app.adminUrl() + "/healthcheck").json();
        assertThat(health.at("/database/healthy").asBoolean()).isTrue();
        assertThat(health.at("/scheduler/healthy").asBoolean()).isTrue();
        assertThat(health.at("/rules/healthy").asBoolean()).isTrue();
        assertThat(health.at("/slack/healthy").asBoolean()).isTrue();
    }

    @Test
    @Order(7)
    void aRateLimitedPageWaitsForRetryAfterAndIsDeliveredLate() {
        slack.rateLimitNextMessageTo("C_INGEST", 120);
        long id = failRun();
        Await.until(WAIT, "the DM, which Slack accepts", () -> slack.about(id, "U_CAROL").stream().findFirst());
        sleepOverTicks();
        assertThat(slack.about(id, "C_INGEST")).as("the rate-limited post waits for Retry-After").isEmpty();

        clock.advance(Duration.ofSeconds(121));
        Await.untilTrue(WAIT, "the rate-limited page to be delivered after Retry-After",
                () -> !slack.about(id, "C_INGEST").isEmpty() && !slack.about(id, "U_CAROL").isEmpty());
        assertThat(app.get("/metrics").body()).contains("vigil_notifications_retried_total{notifier=\"Slack\"} 1.0");
        assertThat(texts(app.get("/api/v1/incidents/" + id).json().get("timeline")))
                .filteredOn(t -> t.startsWith("sent opened notice")).hasSize(2);
    }

    @Test
    @Order(8)
    void anAlertingRuleOverProbeSeriesPagesThroughTheSamePipeline() {
        healthy(false);
        JsonNode incident = Await.until(WAIT, "an incident opened by the rule", () -> openIncidents().stream()
                .filter(i -> i.at("/labels/alertname").asText().equals("CheckoutProbeDown")).findFirst());
        long id = incident.get("id").asLong();
        assertThat(incident.get("title").asText()).isEqualTo("Rule: checkout-api is down (0)");
        assertThat(incident.get("team").asText()).isEqualTo("checkout");
        assertThat(incident.get("runbookUrl").asText()).isEqualTo("https://vigil.example.com/runbooks/checkout-api-down");
        Await.until(WAIT, "the rule's page to the on-call user", () -> slack.about(id, "U_ALICE").stream().findFirst());

        JsonNode alerts = app.get("/api/v1/alerts").json();
        assertThat(alerts.get("status").asText()).isEqualTo("success");
        assertThat(alerts.at("/data/alerts/0/labels/alertname").asText()).isEqualTo("CheckoutProbeDown");
        assertThat(alerts.at("/data/alerts/0/state").asText()).isEqualTo("firing");
        JsonNode rules = app.get("/api/v1/rules").json();
        assertThat(rules.at("/data/groups/0/name").asText()).isEqualTo("checkout");
        assertThat(rules.at("/data/groups/0/rules/1/state").asText()).isEqualTo("firing");
        assertThat(rules.at("/data/groups/0/rules/1/health").asText()).isEqualTo("ok");
        JsonNode query = app.get("/api/v1/query?query=probe%3Asuccess%3Alast").json();
        assertThat(query.at("/data/resultType").asText()).isEqualTo("vector");
        assertThat(query.at("/data/result/0/metric/probe").asText()).isEqualTo("checkout-api");
        assertThat(query.at("/data/result/0/value/1").asText()).isEqualTo("0");
        assertThat(app.get("/api/v1/query?query=1&time=1700000000.5").body())
                .contains("\"result\":[1700000000.5,\"1\"]");
        assertThat(app.get("/api/v1/query?query=rate(").json().get("errorType").asText()).isEqualTo("bad_data");
        assertThat(app.get("/metrics").body()).contains("vigil_rule_group_evaluations_total{rule_group=");

        healthy(true);
        Await.untilTrue(WAIT, "the rule's incident to resolve once the probe recovers",
                () -> app.get("/api/v1/incidents/" + id).json().get("status").asText().equals("resolved"));
    }

    @Test
    @Order(9)
    void anIncidentThatCanPageNobodyStillReachesTheChannelAndRaisesVigilNobodyOnCall() {
        VigilHarness.Reply r = app.post("/api/v1/releases", ADMIN, "{\"pipeline\": \"night-release\", \"version\": \"1\"}");
        long run = r.json().get("id").asLong();
        app.post("/api/v1/releases/" + run + "/steps/run", ADMIN, "{\"status\": \"failed\"}");
        JsonNode incident = incidentForRun(run);
        long id = incident.get("id").asLong();
        Await.until(WAIT, "the post to the team's channel", () -> slack.about(id, "C_NIGHT").stream().findFirst());
        JsonNode nobody = Await.until(WAIT, "a VigilNobodyOnCall incident", () -> openIncidents().stream()
                .filter(i -> i.at("/labels/alertname").asText().equals("VigilNobodyOnCall")).findFirst());
        assertThat(nobody.at("/labels/team").asText()).isEqualTo("nightshift");
        assertThat(nobody.at("/labels/policy").asText()).isEqualTo("night-policy");
        assertThat(nobody.get("title").asText()).isEqualTo("Nobody is on call for team nightshift (escalation policy night-policy)");
        assertThat(texts(app.get("/api/v1/incidents/" + id).json().get("timeline")))
                .anyMatch(t -> t.contains("has nobody left to notify; raising VigilNobodyOnCall"));
    }

    @Test
    @Order(10)
    void anOverrideChangesWhoIsOnCallAndWhoIsPaged() {
        String schedule = "/api/v1/schedules/checkout-primary/overrides";
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String start = now.minusSeconds(60).toString();
        String end = now.plusSeconds(3600).toString();
        String body = "{\"user\": \"bob\", \"start\": \"" + start + "\", \"end\": \"" + end + "\"}";
        assertThat(app.post(schedule, null, body).status()).isEqualTo(401);
        assertThat(app.post(schedule, RESPOND, body.replace("bob", "bobb")).json().get("message").asText())
                .contains("did you mean \"bob\"?");
        assertThat(app.post(schedule, RESPOND, body.replace(end, start)).json().get("message").asText())
                .startsWith("end: ");
        assertThat(app.post("/api/v1/schedules/nope/overrides", RESPOND, body).status()).isEqualTo(404);
        assertThat(app.get(schedule).json()).isEmpty();

        VigilHarness.Reply created = app.post(schedule, RESPOND, body);
        assertThat(created.status()).isEqualTo(201);
        long overrideId = created.json().get("id").asLong();
        JsonNode on = app.get("/api/v1/oncall?schedule=checkout-primary").json();
        assertThat(on.at("/users/0/id").asText()).isEqualTo("bob");
        assertThat(on.get("until").asText()).isEqualTo(end);

        long run = startRun();
        app.post("/api/v1/releases/" + run + "/steps/publish", ADMIN, "{\"status\": \"failed\"}");
        long id = incidentForRun(run).get("id").asLong();
        Await.until(WAIT, "the page to bob, who took over", () -> slack.about(id, "U_BOB").stream().findFirst());
        assertThat(slack.about(id, "U_ALICE")).isEmpty();

        assertThat(app.delete(schedule + "/" + overrideId, RESPOND).status()).isEqualTo(204);
        assertThat(app.get("/api/v1/oncall?schedule=checkout-primary").json().at("/users/0/id").asText()).isEqualTo("alice");
        assertThat(app.delete(schedule + "/" + overrideId, RESPOND).status()).isEqualTo(404);
    }

    private void healthy(boolean up) {
        target.stubFor(get(urlEqualTo("/health")).willReturn(aResponse().withStatus(up ? 200 : 500).withBody(up ? "ok" : "down")));
    }

    private long startRun() {
        VigilHarness.Reply r = app.post("/api/v1/releases", ADMIN, "{\"pipeline\": \"data-release\", \"version\": \"2026.11.22\"}");
        assertThat(r.status()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    private long failRun() {
        long run = startRun();
        assertThat(app.post("/api/v1/releases/" + run + "/steps/ingest", ADMIN, "{\"status\": \"failed\"}").status()).isEqualTo(200);
        return incidentForRun(run).get("id").asLong();
    }

    private JsonNode incidentForRun(long run) {
        return Await.until(WAIT, "an incident for run " + run, () -> openIncidents().stream()
                .filter(i -> i.at("/labels/run").asText().equals(String.valueOf(run))).findFirst());
    }

    private java.util.List<JsonNode> openIncidents() {
        return StreamSupport.stream(app.get("/api/v1/incidents?status=open").json().spliterator(), false).toList();
    }

    private java.util.List<Long> idsWithStatus(String status) {
        return StreamSupport.stream(app.get("/api/v1/incidents?status=" + status).json().spliterator(), false)
                .map(i -> i.get("id").asLong()).toList();
    }

    private static java.util.List<String> texts(JsonNode timeline) {
        return StreamSupport.stream(timeline.spliterator(), false).map(e -> e.get("text").asText()).toList();
    }

    private static String stepState(JsonNode run, String step) {
        return StreamSupport.stream(run.get("steps").spliterator(), false).filter(s -> s.get("id").asText().equals(step))
                .findFirst().orElseThrow().get("state").asText();
    }

    /** Long enough for the one-second escalation and outbox ticks to have run twice. */
    private static void sleepOverTicks() {
        try {
            Thread.sleep(2500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
