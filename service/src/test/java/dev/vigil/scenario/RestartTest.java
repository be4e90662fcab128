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
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestDatabase;
import dev.vigil.testing.VigilHarness;
import io.dropwizard.testing.ConfigOverride;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A rule's pending alert and a failing probe survive a restart: their for: counts from when the failure began,
 * not from the restart.
 */
class RestartTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void pendingTimeBeforeARestartCountsTowardsFor() throws Exception {
        WireMockServer target = new WireMockServer(options().dynamicPort());
        target.start();
        target.stubFor(get(urlEqualTo("/health")).willReturn(aResponse().withStatus(503)));
        TestDatabase db = TestDatabase.h2();
        MutableClock clock = new MutableClock(Instant.now());
        // The same rules folder for both runs: a group's state is kept under its file and name.
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "scenarios")), "restart");
        Instant began = clock.instant();
        try (FakeSlack slack = new FakeSlack()) {
            try (VigilHarness first = harness(db, work, target, slack, clock)) {
                assertThat(state(Await.until(WAIT, "the alert to be pending", () -> alert(first)))).isEqualTo("pending");
                advance(first, clock, Duration.ofMinutes(6));
                assertThat(Instant.parse(alert(first).orElseThrow().get("activeAt").asText())).isBefore(began.plusSeconds(5));
                assertThat(first.get("/api/v1/incidents?status=open").body()).as("the probe's for: is 8m")
                        .doesNotContain("ProbeFailed");
            }
            try (VigilHarness second = harness(db, work, target, slack, clock)) {
                advance(second, clock, Duration.ofMinutes(5));
                JsonNode firing = Await.until(WAIT, "the alert to fire 11 minutes after it began", () -> alert(second)
                        .filter(a -> a.get("state").asText().equals("firing")));
                assertThat(Instant.parse(firing.get("activeAt").asText())).isBefore(began.plusSeconds(5));
                Await.untilTrue(WAIT, "the rule's incident", () -> second.get("/api/v1/incidents?status=open").body()
                        .contains("CheckoutDownForLong"));
                // 11 minutes after the probe began failing, 5 after the restart: its 8m counted from before.
                Await.untilTrue(WAIT, "the probe's incident", () -> second.get("/api/v1/incidents?status=open").body()
                        .contains("ProbeFailed"));
            }
        } finally {
            target.stop();
        }
    }

    /**
     * Moves the clock in steps shorter than the 5-minute lookback, waiting after each for a probe sample and a
     * rule evaluation at the new time: a single jump would leave the rule without data, which resets it.
     */
    private static void advance(VigilHarness app, MutableClock clock, Duration by) {
        for (Duration left = by; !left.isZero(); ) {
            Duration step = left.compareTo(Duration.ofMinutes(2)) > 0 ? Duration.ofMinutes(2) : left;
            clock.advance(step);
            left = left.minus(step);
            String now = String.valueOf(clock.instant().getEpochSecond());
            Await.untilTrue(WAIT, "a probe run and an evaluation at " + clock.instant(), () -> {
                JsonNode r = app.get("/api/v1/query?query=timestamp(probe_success)").json().at("/data/result/0/value/1");
                String evaluated = app.get("/api/v1/rules").json().at("/data/groups/0/lastEvaluation").asText();
                return r.asText().startsWith(now) && evaluated.compareTo(clock.instant().toString().substring(0, 19)) >= 0;
            });
        }
    }

    private static VigilHarness harness(TestDatabase db, Path work, WireMockServer target, FakeSlack slack,
                                        MutableClock clock) {
        return new VigilHarness(db, "restart", work, Map.of("PROBE_URL", target.baseUrl()), clock,
                ConfigOverride.config("slack.apiUrl", slack.apiUrl())).start();
    }

    private static Optional<JsonNode> alert(VigilHarness app) {
        JsonNode alerts = app.get("/api/v1/alerts").json().at("/data/alerts");
        for (JsonNode a : alerts) {
            if (a.at("/labels/alertname").asText().equals("CheckoutDownForLong")) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    private static String state(JsonNode a) {
        return a.get("state").asText();
    }
}
