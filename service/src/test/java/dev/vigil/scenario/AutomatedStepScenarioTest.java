package dev.vigil.scenario;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.vigil.testing.FakeSlack;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestDatabase;
import dev.vigil.testing.VigilHarness;
import io.dropwizard.testing.ConfigOverride;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Automated steps (rules in test resources {@code release/}, pipeline {@code automated-release}): Vigil triggers an
 * Airflow DAG run and follows it, then posts a webhook whose job reports back. WireMock plays Airflow with answers
 * in the shape of its stable REST API's {@code DAGRun} (dag_id, dag_run_id, logical_date, execution_date,
 * start_date, end_date, state, conf, external_trigger). Subclasses pick the database.
 */
abstract class AutomatedStepScenarioTest {
    private static final Instant START = Instant.parse("2026-12-01T08:00:00Z");
    private static final String DAG_RUNS = "/api/v1/dags/partner_ingest/dagRuns";

    private final WireMockServer airflow = new WireMockServer(options().dynamicPort());
    private final WireMockServer hook = new WireMockServer(options().dynamicPort());
    private final WireMockServer argo = new WireMockServer(options().dynamicPort());
    private FakeSlack slack;
    private MutableClock clock;
    private VigilHarness app;

    abstract TestDatabase database();

    @BeforeEach
    void setUp() throws Exception {
        airflow.start();
        hook.start();
        argo.start();
        hook.stubFor(post(urlEqualTo("/jobs/load")).willReturn(aResponse().withStatus(202)));
        slack = new FakeSlack();
        clock = new MutableClock(START);
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "scenarios")), "automated");
        app = new VigilHarness(database(), "release", work, Map.of(), clock,
                ConfigOverride.config("slack.apiUrl", slack.apiUrl()))
                .environment(Map.of("AIRFLOW_URL", airflow.baseUrl(), "AIRFLOW_TOKEN", "af-token",
                        "HOOK_URL", hook.baseUrl() + "/jobs/load", "ARGO_URL", argo.baseUrl()))
                .manualTicks().start();
    }

    @AfterEach
    void tearDown() {
        app.close();
        slack.close();
        airflow.stop();
        hook.stop();
        argo.stop();
    }

    private static String dagRun(String id, String state) {
        return "{\"conf\": {\"source\": \"partner\", \"version\": \"2026.12.01\"}, \"dag_id\": \"partner_ingest\", "
                + "\"dag_run_id\": \"" + id + "\", \"end_date\": " + (state.equals("success") || state.equals("failed")
                ? "\"2026-12-01T08:01:30+00:00\"" : "null") + ", \"execution_date\": \"2026-12-01T08:00:00+00:00\", "
                + "\"external_trigger\": true, \"logical_date\": \"2026-12-01T08:00:00+00:00\", "
                + "\"start_date\": " + (state.equals("queued") ? "null" : "\"2026-12-01T08:00:05+00:00\"")
                + ", \"state\": \"" + state + "\"}";
    }

    private void airflowAnswers(String id, String... states) {
        airflow.stubFor(post(urlEqualTo(DAG_RUNS)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(dagRun(id, "queued"))));
        String state = STARTED;
        for (int i = 0; i < states.length; i++) {
            String next = i + 1 < states.length ? "s" + (i + 1) : "last";
            airflow.stubFor(get(urlEqualTo(DAG_RUNS + "/" + id)).inScenario("dag run").whenScenarioStateIs(state)
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                            .withBody(dagRun(id, states[i])))
                    .willSetStateTo(next));
            state = next;
        }
    }

    @Test
    void aDagRunIsTriggeredAndFollowedThenTheWebhookStepStartsAndReportsBack() {
        String id = "vigil-automated-release-1-extract";
        airflowAnswers(id, "running", "success");
        long run = start();
        app.runDue();
        airflow.verify(postRequestedFor(urlEqualTo(DAG_RUNS)).withHeader("Authorization", equalTo("Bearer af-token"))
                .withRequestBody(equalToJson("{\"dag_run_id\": \"" + id + "\", \"conf\": {\"version\": \"2026.12.01\", "
                        + "\"source\": \"partner\"}}")));
        JsonNode extract = step(run, "extract");
        assertThat(extract.get("state").asText()).isEqualTo("running");
        assertThat(extract.get("url").asText()).isEqualTo(airflow.baseUrl() + "/dags/partner_ingest/grid?dag_run_id=" + id);

        tick(Duration.ofSeconds(30));
        assertThat(step(run, "extract").get("state").asText()).isEqualTo("running");
        tick(Duration.ofSeconds(30));
        assertThat(step(run, "extract").get("state").asText()).isEqualTo("succeeded");
        assertThat(step(run, "extract").get("message").asText()).contains("succeeded");

        // load's turn: its webhook is posted once, and the job reports back through the steps API.
        tick(Duration.ofSeconds(5));
        hook.verify(1, postRequestedFor(urlEqualTo("/jobs/load"))
                .withRequestBody(matchingJsonPath("$.step", equalTo("load")))
                .withRequestBody(matchingJsonPath("$.report", equalTo("/api/v1/releases/" + run + "/steps/load"))));
        assertThat(step(run, "load").get("state").asText()).isEqualTo("running");
        tick(Duration.ofMinutes(5));
        hook.verify(1, postRequestedFor(urlEqualTo("/jobs/load")));
        assertThat(app.post("/api/v1/releases/" + run + "/steps/load", VigilHarness.ADMIN_TOKEN,
                "{\"status\": \"succeeded\"}").status()).isEqualTo(200);
        assertThat(open()).isEmpty();
    }

    @Test
    void aFailedDagRunFailsItsStepWithTheLinkAndPagesTheTeam() {
        String id = "vigil-automated-release-1-extract";
        airflowAnswers(id, "failed");
        long run = start();
        app.runDue();
        tick(Duration.ofSeconds(30));
        JsonNode extract = step(run, "extract");
        assertThat(extract.get("state").asText()).isEqualTo("failed");
        assertThat(extract.get("message").asText()).isEqualTo("Airflow DAG run " + id + " of partner_ingest failed");
        assertThat(extract.get("url").asText()).contains("/dags/partner_ingest/grid?dag_run_id=" + id);
        assertThat(step(run, "load").get("state").asText()).isEqualTo("blocked");
        JsonNode incident = open().stream().findFirst().orElseThrow();
        assertThat(incident.at("/labels/alertname").asText()).isEqualTo("ReleaseStepFailed");
        assertThat(incident.get("team").asText()).isEqualTo("ingestion");
        hook.verify(0, postRequestedFor(urlEqualTo("/jobs/load")));
    }

    @Test
    void aDagRunThatCannotBeStartedFailsItsStepWithTheReason() {
        airflow.stubFor(post(urlEqualTo(DAG_RUNS)).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"detail\": null, \"status\": 401, \"title\": \"Unauthorized\", \"type\": "
                        + "\"https://airflow.apache.org/docs/apache-airflow/2.7.1/stable-rest-api-ref.html#section/Errors/Unauthenticated\"}")));
        long run = start();
        app.runDue();
        JsonNode extract = step(run, "extract");
        assertThat(extract.get("state").asText()).isEqualTo("failed");
        assertThat(extract.get("message").asText()).isEqualTo("could not start Airflow DAG partner_ingest: "
                + airflow.baseUrl() + DAG_RUNS + " answered HTTP 401");
        assertThat(open()).extracting(i -> i.at("/labels/alertname").asText()).containsExactly("ReleaseStepFailed");
    }

    @Test
    void followingBacksOffWhileAirflowIsDownAndFailsTheStepAfterTenTries() {
        String id = "vigil-automated-release-1-extract";
        airflow.stubFor(post(urlEqualTo(DAG_RUNS)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(dagRun(id, "queued"))));
        airflow.stubFor(get(urlEqualTo(DAG_RUNS + "/" + id)).willReturn(aResponse().withStatus(503)));
        long run = start();
        app.runDue();
        for (int i = 0; i < 9; i++) {
            tick(Duration.ofMinutes(10));
            assertThat(step(run, "extract").get("state").asText()).as("after %d failed asks", i + 1).isEqualTo("running");
        }
        tick(Duration.ofMinutes(10));
        JsonNode extract = step(run, "extract");
        assertThat(extract.get("state").asText()).isEqualTo("failed");
        assertThat(extract.get("message").asText()).startsWith("could not follow Airflow DAG partner_ingest run " + id)
                .contains("HTTP 503", "(10 tries)");
    }

    /** An Argo Workflow object as Argo Server answers it: metadata, and a status with its phase. */
    private static String workflow(String name, String phase, String message) {
        return "{\"metadata\": {\"name\": \"" + name + "\", \"namespace\": \"data\", \"uid\": "
                + "\"6f1c2b1e-0f6a-4a53-9d3e-2f2f1d2b7c11\", \"creationTimestamp\": \"2026-12-01T08:00:01Z\", "
                + "\"labels\": {\"workflows.argoproj.io/workflow-template\": \"publish\"}}, "
                + "\"spec\": {\"workflowTemplateRef\": {\"name\": \"publish\"}, \"arguments\": {\"parameters\": "
                + "[{\"name\": \"version\", \"value\": \"2026.12.01\"}]}}, \"status\": "
                + (phase.isEmpty() ? "{}" : "{\"phase\": \"" + phase + "\", \"startedAt\": \"2026-12-01T08:00:02Z\""
                + (message.isEmpty() ? "" : ", \"message\": \"" + message + "\"") + "}") + "}";
    }

    @Test
    void anArgoWorkflowIsSubmittedFromItsTemplateAndAnErrorFailsTheStepWithTheLink() {
        String name = "vigil-argo-release-1-publish";
        argo.stubFor(post(urlEqualTo("/api/v1/workflows/data/submit")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(workflow(name, "", ""))));
        argo.stubFor(get(urlEqualTo("/api/v1/workflows/data/" + name)).inScenario("wf").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(workflow(name, "Running", ""))).willSetStateTo("broken"));
        argo.stubFor(get(urlEqualTo("/api/v1/workflows/data/" + name)).inScenario("wf").whenScenarioStateIs("broken")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(workflow(name, "Error", "child 'publish-cdn' errored"))));
        long run = start("argo-release");
        app.runDue();
        argo.verify(postRequestedFor(urlEqualTo("/api/v1/workflows/data/submit")).withRequestBody(equalToJson(
                "{\"namespace\": \"data\", \"resourceKind\": \"WorkflowTemplate\", \"resourceName\": \"publish\", "
                        + "\"submitOptions\": {\"name\": \"" + name + "\", \"labels\": \"vigil.dev/run=" + run + "\", "
                        + "\"parameters\": [\"version=2026.12.01\"]}}")));
        assertThat(step(run, "publish").get("state").asText()).isEqualTo("running");
        tick(Duration.ofSeconds(30));
        assertThat(step(run, "publish").get("state").asText()).isEqualTo("running");
        tick(Duration.ofSeconds(30));
        JsonNode publish = step(run, "publish");
        assertThat(publish.get("state").asText()).isEqualTo("failed");
        assertThat(publish.get("message").asText()).isEqualTo("Argo workflow " + name + " error: child 'publish-cdn' errored");
        assertThat(publish.get("url").asText()).isEqualTo(argo.baseUrl() + "/workflows/data/" + name);
        assertThat(open()).extracting(i -> i.get("team").asText()).containsExactly("platform");
    }

    private long start() {
        return start("automated-release");
    }

    private long start(String pipeline) {
        VigilHarness.Reply r = app.post("/api/v1/releases", VigilHarness.ADMIN_TOKEN,
                "{\"pipeline\": \"" + pipeline + "\", \"version\": \"2026.12.01\"}");
        assertThat(r.status()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    private JsonNode step(long run, String step) {
        for (JsonNode s : app.get("/api/v1/releases/" + run).json().get("steps")) {
            if (s.get("id").asText().equals(step)) {
                return s;
            }
        }
        throw new AssertionError("no step " + step);
    }

    private void tick(Duration d) {
        app.runDue(clock.instant().plus(d));
    }

    private java.util.List<JsonNode> open() {
        return StreamSupport.stream(app.get("/api/v1/incidents?status=open").json().spliterator(), false).toList();
    }
}
