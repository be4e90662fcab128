package dev.vigil.scenario;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.vigil.testing.Await;
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
import org.junit.jupiter.api.Test;

/**
 * Groups under a datasource's paths are evaluated by that server's /api/v1/query (WireMock as Prometheus);
 * when it fails or times out, the failure is counted and shown and the alert stays firing.
 */
class RemoteDatasourceTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String DOWN = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
            + "{\"metric\":{\"job\":\"payments\",\"instance\":\"p1\"},\"value\":[1700000000,\"0\"]}]}}";

    @Test
    void aRemoteRulePagesAndAFailingServerNeverResolvesIt() throws Exception {
        WireMockServer prometheus = new WireMockServer(options().dynamicPort());
        prometheus.start();
        prometheus.stubFor(get(urlPathEqualTo("/api/v1/query")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(DOWN)));
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "scenarios")), "remote");
        Path remoteRules = work.resolve("rules/remote").toAbsolutePath();
        try (FakeSlack slack = new FakeSlack()) {
            VigilHarness app = new VigilHarness("test-config-remote.yml", TestDatabase.h2(), "scenario", work,
                    Map.of("PROBE_URL", "http://127.0.0.1:1"), new MutableClock(Instant.now()),
                    ConfigOverride.config("slack.apiUrl", slack.apiUrl()),
                    ConfigOverride.config("datasources[0].url", prometheus.baseUrl()),
                    ConfigOverride.config("datasources[0].rules[0]", remoteRules.toString()));
            Files.createDirectories(remoteRules);
            Files.writeString(remoteRules.resolve("payments.yml"), """
                    groups:
                      - name: payments
                        interval: 1s
                        rules:
                          - alert: PaymentsTargetDown
                            expr: up{job="payments"} == 0
                            labels:
                              severity: page
                            annotations:
                              summary: '{{ $labels.instance }} of payments is down'
                    """);
            try (VigilHarness running = app.start()) {
                JsonNode incident = Await.until(WAIT, "the remote rule's incident", () -> incident(running));
                assertThat(incident.get("title").asText()).isEqualTo("p1 of payments is down");
                assertThat(prometheus.getAllServeEvents().get(0).getRequest().queryParameter("query").firstValue())
                        .isEqualTo("up{job=\"payments\"} == 0");

                prometheus.stubFor(get(urlPathEqualTo("/api/v1/query")).willReturn(aResponse().withStatus(503)
                        .withBody("{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"overloaded\"}")));
                Await.untilTrue(WAIT, "the failure to show on /api/v1/rules", () -> remoteGroup(running)
                        .at("/rules/0/lastError").asText().contains("datasource prom-main: HTTP 503: unavailable: overloaded"));
                assertThat(remoteGroup(running).at("/rules/0/health").asText()).isEqualTo("err");
                assertThat(remoteGroup(running).at("/rules/0/state").asText()).isEqualTo("firing");
                assertThat(running.get("/metrics").body()).containsPattern("vigil_rule_evaluation_failures_total\\{rule_group=\"[^\"]*payments\"} [1-9]");

                prometheus.stubFor(get(urlPathEqualTo("/api/v1/query")).willReturn(aResponse().withStatus(200)
                        .withFixedDelay(3000).withBody(DOWN)));
                Await.untilTrue(WAIT, "a timeout to show on /api/v1/rules", () -> remoteGroup(running)
                        .at("/rules/0/lastError").asText().contains("timed out after 1000ms"));
                assertThat(incident(running)).as("a failing datasource never resolves the incident").isPresent();
            }
        } finally {
            prometheus.stop();
        }
    }

    @Test
    void aReleaseGateInAFileUnderTheDatasourcesPathsIsEvaluatedThere() throws Exception {
        WireMockServer prometheus = new WireMockServer(options().dynamicPort());
        prometheus.start();
        prometheus.stubFor(get(urlPathEqualTo("/api/v1/query")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(DOWN)));
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "scenarios")), "remote");
        Path remoteRules = work.resolve("rules/remote").toAbsolutePath();
        try (FakeSlack slack = new FakeSlack()) {
            VigilHarness app = new VigilHarness("test-config-remote.yml", TestDatabase.h2(), "scenario", work,
                    Map.of("PROBE_URL", "http://127.0.0.1:1"), new MutableClock(Instant.now()),
                    ConfigOverride.config("slack.apiUrl", slack.apiUrl()),
                    ConfigOverride.config("datasources[0].url", prometheus.baseUrl()),
                    ConfigOverride.config("datasources[0].rules[0]", remoteRules.toString()));
            Files.createDirectories(remoteRules);
            Files.writeString(remoteRules.resolve("release.yml"), """
                    releases:
                      - name: remote-gated
                        steps:
                          - id: deploy
                            team: checkout
                            gate: {expr: 'up{job="payments"} == 0', for: 0s}
                          - {id: after, team: checkout, depends_on: [deploy]}
                    """);
            try (VigilHarness running = app.start()) {
                long run = running.post("/api/v1/releases", VigilHarness.ADMIN_TOKEN,
                        "{\"pipeline\": \"remote-gated\", \"version\": \"1\"}").json().get("id").asLong();
                JsonNode steps = running.post("/api/v1/releases/" + run + "/steps/deploy", VigilHarness.ADMIN_TOKEN,
                        "{\"status\": \"succeeded\"}").json().get("steps");
                assertThat(prometheus.getAllServeEvents()).anyMatch(e -> "up{job=\"payments\"} == 0".equals(
                        e.getRequest().queryParameter("query").firstValue()));
                assertThat(steps.get(0).get("state").asText()).isEqualTo("succeeded");
                assertThat(steps.get(1).get("state").asText()).isEqualTo("ready");
            }
        } finally {
            prometheus.stop();
        }
    }

    private static java.util.Optional<JsonNode> incident(VigilHarness app) {
        for (JsonNode i : app.get("/api/v1/incidents?status=open").json()) {
            if (i.at("/labels/alertname").asText().equals("PaymentsTargetDown")) {
                return java.util.Optional.of(i);
            }
        }
        return java.util.Optional.empty();
    }

    private static JsonNode remoteGroup(VigilHarness app) {
        for (JsonNode g : app.get("/api/v1/rules").json().at("/data/groups")) {
            if (g.get("name").asText().equals("payments")) {
                return g;
            }
        }
        throw new AssertionError("no payments group");
    }
}
