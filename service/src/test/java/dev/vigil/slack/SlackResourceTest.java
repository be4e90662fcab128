package dev.vigil.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.slack.api.app_backend.SlackSignature;
import dev.vigil.command.Console;
import dev.vigil.config.RuleSet;
import dev.vigil.config.RulesLoader;
import dev.vigil.testing.Await;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Slack's 3 seconds: work that takes longer is answered "working on it", and its answer goes to response_url. */
class SlackResourceTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final String SECRET = "s3cret";
    private final WireMockServer hooks = new WireMockServer(options().dynamicPort());
    private SlackResource resource;

    @BeforeEach
    void start() {
        hooks.start();
        hooks.stubFor(post(urlPathEqualTo("/hooks/1")).willReturn(aResponse().withStatus(200)));
        RuleSet rules = RulesLoader.load(Path.of("src/test/resources/slack/rules"), Set.of("data-release/ingest"), NOW)
                .rules().orElseThrow();
        // Only reads here (help): the console needs no executor or stores.
        Console console = new Console(null, null, null, null, () -> rules, InstantSource.fixed(NOW));
        Executor slow = task -> new Thread(() -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
            task.run();
        }).start();
        resource = new SlackResource(SECRET, console, null, null, new ResponseUrl(hooks.baseUrl() + "/api/"),
                InstantSource.fixed(NOW), slow, Duration.ofMillis(100));
    }

    @AfterEach
    void stop() {
        hooks.stop();
    }

    @Test
    void slowWorkIsAnsweredAtOnceAndItsResultFollowsThroughResponseUrl() {
        Response r = command("help", hooks.baseUrl() + "/hooks/1");
        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(text(r)).startsWith("Working on it");
        Await.untilTrue(Duration.ofSeconds(10), "the answer through response_url", () -> !hooks.findAll(
                postRequestedFor(urlPathEqualTo("/hooks/1")).withRequestBody(containing("Vigil commands"))).isEmpty());
        assertThat(hooks.findAll(postRequestedFor(urlPathEqualTo("/hooks/1"))).get(0).getBodyAsString())
                .contains("\"response_type\":\"ephemeral\"");
    }

    @Test
    void aResponseUrlThatIsNotSlacksIsNeverCalled() throws InterruptedException {
        WireMockServer elsewhere = new WireMockServer(options().dynamicPort());
        elsewhere.start();
        try {
            Response r = command("help", elsewhere.baseUrl().replace("localhost", "127.0.0.1") + "/steal");
            assertThat(text(r)).startsWith("Working on it");
            Thread.sleep(1500);
            assertThat(elsewhere.getAllServeEvents()).isEmpty();
        } finally {
            elsewhere.stop();
        }
    }

    @Test
    void aStrangerIsToldAtOnceAndNothingRuns() {
        Response r = resource.command(null, null, "user_id=U1");
        assertThat(r.getStatus()).isEqualTo(401);
        String body = "user_id=U0STRANGER&text=help";
        long ts = NOW.getEpochSecond();
        Response stranger = resource.command(sign(ts, body), String.valueOf(ts), body);
        assertThat(text(stranger)).contains("not a Vigil user");
    }

    private Response command(String text, String responseUrl) {
        String body = "user_id=U01ALICE&command=%2Fvigil&text=" + URLEncoder.encode(text, StandardCharsets.UTF_8)
                + "&response_url=" + URLEncoder.encode(responseUrl, StandardCharsets.UTF_8);
        long ts = NOW.getEpochSecond();
        return resource.command(sign(ts, body), String.valueOf(ts), body);
    }

    private static String sign(long ts, String body) {
        return new SlackSignature.Generator(SECRET).generate(String.valueOf(ts), body);
    }

    @SuppressWarnings("unchecked")
    private static String text(Response r) {
        return ((Map<String, Object>) r.getEntity()).get("text").toString();
    }
}
