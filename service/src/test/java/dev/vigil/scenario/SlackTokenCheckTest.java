package dev.vigil.scenario;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.config.StartupRefusedException;
import dev.vigil.testing.FakeSlack;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestDatabase;
import dev.vigil.testing.VigilHarness;
import io.dropwizard.testing.ConfigOverride;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A misconfigured notifier is a startup error, never a silently disabled page; an unreachable Slack is not. */
class SlackTokenCheckTest {

    @Test
    void aTokenSlackRejectsStopsTheStart() throws Exception {
        try (FakeSlack slack = new FakeSlack()) {
            slack.server.stubFor(post(urlEqualTo("/api/auth.test")).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json").withBody("{\"ok\":false,\"error\":\"invalid_auth\"}")));
            VigilHarness app = harness(slack.apiUrl());
            assertThatThrownBy(app::start).hasRootCauseInstanceOf(StartupRefusedException.class)
                    .rootCause().hasMessageContaining("slack.botToken: Slack rejects it (invalid_auth");
        }
    }

    @Test
    void anUnreachableSlackStillStartsAndIsUnhealthy() throws Exception {
        try (VigilHarness app = harness("http://127.0.0.1:1/api/").start()) {
            var health = app.getAbsolute(app.adminUrl() + "/healthcheck");
            assertThat(health.status()).isEqualTo(500);
            assertThat(health.json().at("/slack/healthy").asBoolean()).isFalse();
            assertThat(health.json().at("/database/healthy").asBoolean()).isTrue();
        }
    }

    private static VigilHarness harness(String slackApiUrl) throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "scenarios")), "slack");
        return new VigilHarness(TestDatabase.h2(), "scenario", work, Map.of("PROBE_URL", "http://127.0.0.1:1"),
                new MutableClock(Instant.now()), ConfigOverride.config("slack.apiUrl", slackApiUrl));
    }
}
