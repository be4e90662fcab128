package dev.vigil.scenario;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.vigil.testing.Await;
import dev.vigil.testing.FakeSlack;
import dev.vigil.testing.TestDatabase;
import dev.vigil.testing.VigilHarness;
import io.dropwizard.testing.ConfigOverride;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** scrape: targets in config.yml are read into the embedded engine, with up, job and instance, as Prometheus does. */
class ScrapeTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void scrapedSeriesAreQueryableAndAFailedScrapeMarksThemStale() throws Exception {
        WireMockServer app = new WireMockServer(options().dynamicPort());
        app.start();
        app.stubFor(get(urlEqualTo("/metrics")).willReturn(aResponse().withStatus(200)
                .withBody("# TYPE queue_depth gauge\nqueue_depth{queue=\"orders\"} 42\n")));
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "scenarios")), "scrape");
        try (FakeSlack slack = new FakeSlack();
             VigilHarness vigil = new VigilHarness("test-config-scrape.yml", TestDatabase.h2(), "scenario", work,
                     Map.of("PROBE_URL", "http://127.0.0.1:1"), new dev.vigil.testing.MutableClock(Instant.now()),
                     ConfigOverride.config("slack.apiUrl", slack.apiUrl()),
                     ConfigOverride.config("scrape[0].job", "orders-app"),
                     ConfigOverride.config("scrape[0].targets[0]", app.baseUrl() + "/metrics")).start()) {
            String instance = "localhost:" + app.port();
            JsonNode depth = Await.until(WAIT, "the scraped series", () -> first(vigil, "queue_depth"));
            assertThat(depth.at("/metric/job").asText()).isEqualTo("orders-app");
            assertThat(depth.at("/metric/instance").asText()).isEqualTo(instance);
            assertThat(depth.at("/metric/queue").asText()).isEqualTo("orders");
            assertThat(depth.at("/value/1").asText()).isEqualTo("42");
            assertThat(first(vigil, "up{job=\"orders-app\"}").orElseThrow().at("/value/1").asText()).isEqualTo("1");

            app.stubFor(get(urlEqualTo("/metrics")).willReturn(aResponse().withStatus(503)));
            // The clock does not move, so the failed scrape's samples replace the good one's at the same instant.
            Await.untilTrue(WAIT, "up to drop to 0", () -> first(vigil, "up{job=\"orders-app\"}")
                    .map(n -> n.at("/value/1").asText().equals("0")).orElse(false));
            Await.untilTrue(WAIT, "the vanished series to be stale", () -> first(vigil, "queue_depth").isEmpty());
        } finally {
            app.stop();
        }
    }

    @Test
    void prometheusScrapeConfigsKeepEachInstanceApartAndHonourTheirSettings() throws Exception {
        WireMockServer app = new WireMockServer(options().dynamicPort());
        app.start();
        // A federation-like endpoint: four instances behind one target, each series labelled with its own.
        StringBuilder body = new StringBuilder("# TYPE node_up gauge\n");
        for (int i = 1; i <= 4; i++) {
            body.append("node_up{instance=\"node-").append(i).append(":9100\",job=\"x\"} ").append(i).append('\n');
        }
        app.stubFor(get(urlEqualTo("/federate?match%5B%5D=%7Bjob%3D%22x%22%7D"))
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer scrape-secret"))
                .willReturn(aResponse().withStatus(200).withBody(body.toString())));
        app.stubFor(get(urlEqualTo("/metrics")).willReturn(aResponse().withStatus(200).withBody(body.toString())));
        String target = "127.0.0.1:" + app.port();
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "scenarios")), "scrape");
        try (FakeSlack slack = new FakeSlack();
             VigilHarness vigil = new VigilHarness("test-config-scrape-prometheus.yml", TestDatabase.h2(), "scenario",
                     work, Map.of("PROBE_URL", "http://127.0.0.1:1"), new dev.vigil.testing.MutableClock(Instant.now()),
                     ConfigOverride.config("slack.apiUrl", slack.apiUrl()),
                     ConfigOverride.config("scrape_configs[0].static_configs[0].targets[0]", target),
                     ConfigOverride.config("scrape_configs[1].static_configs[0].targets[0]", target),
                     ConfigOverride.config("scrape_configs[2].static_configs[0].targets[0]", target)).start()) {
            Await.untilTrue(WAIT, "four series from the federating target", () -> count(vigil, "node_up{job=\"node\"}") == 4);
            JsonNode one = first(vigil, "node_up{job=\"node\", exported_instance=\"node-3:9100\"}").orElseThrow();
            assertThat(one.at("/metric/instance").asText()).as("the target's, not the sample's").isEqualTo(target);
            assertThat(one.at("/metric/exported_job").asText()).isEqualTo("x");
            assertThat(one.at("/metric/env").asText()).as("a static label").isEqualTo("prod");
            assertThat(one.at("/value/1").asText()).isEqualTo("3");

            Await.untilTrue(WAIT, "honour_labels keeps the sample's job and instance",
                    () -> count(vigil, "node_up{job=\"x\", instance=~\"node-.*\"}") == 4);
            assertThat(count(vigil, "node_up{job=\"honoured\"}")).isZero();
            assertThat(first(vigil, "up{job=\"honoured\"}").orElseThrow().at("/value/1").asText()).isEqualTo("1");

            Await.untilTrue(WAIT, "a scrape over its sample_limit is a failed scrape",
                    () -> first(vigil, "up{job=\"limited\"}").map(n -> n.at("/value/1").asText().equals("0")).orElse(false));
            assertThat(count(vigil, "node_up{job=\"limited\"}")).isZero();
        } finally {
            app.stop();
        }
    }

    private static int count(VigilHarness vigil, String query) {
        JsonNode r = vigil.get("/api/v1/query?query=" + java.net.URLEncoder.encode(query,
                java.nio.charset.StandardCharsets.UTF_8)).json().at("/data/result");
        return r.isArray() ? r.size() : 0;
    }

    private static java.util.Optional<JsonNode> first(VigilHarness vigil, String query) {
        JsonNode r = vigil.get("/api/v1/query?query=" + java.net.URLEncoder.encode(query, java.nio.charset.StandardCharsets.UTF_8))
                .json().at("/data/result");
        return r.isArray() && r.size() > 0 ? java.util.Optional.of(r.get(0)) : java.util.Optional.empty();
    }

}
