package dev.vigil.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestDatabase;
import dev.vigil.testing.VigilHarness;
import io.dropwizard.testing.ConfigOverride;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Queries that cannot hurt the service: past the sample limit, the time limit, the nesting limit, or durations
 * Prometheus cannot hold, each is Prometheus's error (422, 503, 400 with errorType), never a 500 or an OOM.
 */
class QueryLimitsTest {
    private VigilHarness app;

    @BeforeEach
    void setUp() throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "scenarios")), "limits");
        app = new VigilHarness(TestDatabase.postgres(), "alertmanager", work, Map.of(),
                new MutableClock(Instant.parse("2026-12-01T10:00:00Z")),
                ConfigOverride.config("slack.apiUrl", "http://127.0.0.1:9/api/"),
                ConfigOverride.config("query.maxSamples", "100000"), ConfigOverride.config("query.timeout", "300ms"))
                .manualTicks().start();
    }

    @AfterEach
    void tearDown() {
        app.close();
    }

    private VigilHarness.Reply query(String q) {
        return app.get("/api/v1/query?query=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
    }

    @Test
    void aQueryLoadingMoreSamplesThanAllowedIsPrometheusExecutionError() {
        VigilHarness.Reply r = query("vector(1)[10y:1s]");
        assertThat(r.status()).isEqualTo(422);
        JsonNode body = r.json();
        assertThat(body.get("errorType").asText()).isEqualTo("execution");
        assertThat(body.get("error").asText())
                .isEqualTo("query processing would load too many samples into memory in query execution");
        assertThat(query("count_over_time(vector(1)[1h:1s])").status()).as("3,601 samples: allowed").isEqualTo(200);
    }

    @Test
    void aQueryRunningLongerThanTheTimeoutIsPrometheusTimeoutError() {
        // No samples (the inner query finds nothing) but 31 million steps: only the time limit stops it.
        VigilHarness.Reply r = query("count_over_time(nothing{x=\"y\"}[1y:1s])");
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.json().get("errorType").asText()).isEqualTo("timeout");
        assertThat(r.json().get("error").asText()).isEqualTo("query timed out in expression evaluation");
    }

    @Test
    void deepNestingHugeDurationsAndTimestampsAreParseErrorsNot500s() {
        String deep = "(".repeat(600) + "1" + ")".repeat(600);
        VigilHarness.Reply nested = query(deep);
        assertThat(nested.status()).isEqualTo(400);
        assertThat(nested.json().get("error").asText()).contains("nested more than 500 levels deep");
        assertThat(query("1" + "+1".repeat(600)).status()).as("a long chain is deep too").isEqualTo(400);
        assertThat(query("-".repeat(600) + "1").status()).isEqualTo(400);
        assertThat(query("(".repeat(400) + "1" + ")".repeat(400)).status()).as("400 levels are fine").isEqualTo(200);

        VigilHarness.Reply offset = query("up offset 1000000000y");
        assertThat(offset.status()).isEqualTo(400);
        assertThat(offset.json().get("error").asText())
                .isEqualTo("invalid parameter \"query\": 1:11: parse error: duration out of range");
        assertThat(query("up[1000000000y]").json().get("error").asText()).contains("1:4: parse error: duration out of range");
        assertThat(query("up @ 100000000000000000000").json().get("error").asText()).contains(
                "1:1: parse error: timestamp out of bounds for @ modifier: 100000000000000000000.000000");
        assertThat(query("up offset 292y").status()).as("the longest duration Prometheus holds").isEqualTo(200);
        assertThat(query("up offset -292y @ 9000000000000000").status()).as("a timestamp past the year 292 million")
                .isLessThan(500);
    }
}
