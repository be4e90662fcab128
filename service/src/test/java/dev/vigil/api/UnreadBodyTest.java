package dev.vigil.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestDatabase;
import dev.vigil.testing.VigilHarness;
import io.dropwizard.testing.ConfigOverride;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Replies that do not read the request body (a 401, a 400 halfway through the JSON) leave the connection fit for
 * the client's next request. Java's client sends the headers and the body in separate writes, so without
 * {@link UnreadBodyDrain} the server often answers before the body arrives and then drops the connection.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnreadBodyTest {
    private static final String OVERRIDES = "/api/v1/schedules/daily/overrides";
    private static final String BODY =
            "{\"user\": \"bob\", \"start\": \"2026-11-21T12:00:00Z\", \"end\": \"2026-11-21T14:00:00Z\"}";
    private VigilHarness app;

    @BeforeAll
    void start() throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "scenarios")), "unread");
        app = new VigilHarness(TestDatabase.h2(), "handoff", work, Map.of(),
                new MutableClock(Instant.parse("2026-11-22T08:59:00Z")),
                ConfigOverride.config("slack.apiUrl", "http://127.0.0.1:9")).start();
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aReplyThatDidNotNeedTheBodyLeavesTheConnectionUsable() {
        String early400 = "{\"nope\": 1," + " ".repeat(100_000) + "}";
        for (int i = 0; i < 200; i++) {
            assertThat(app.post(OVERRIDES, null, BODY).status()).isEqualTo(401);
            assertThat(app.post(OVERRIDES, VigilHarness.RESPONDER_TOKEN, early400).status()).isEqualTo(400);
            assertThat(app.post(OVERRIDES, VigilHarness.RESPONDER_TOKEN, BODY.replace("bob", "bobb")).status())
                    .isEqualTo(400);
        }
    }

    @Test
    void aLargeUnreadBodyClosesTheConnectionInsteadOfBeingRead() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + OVERRIDES))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{" + " ".repeat(UnreadBodyDrain.LIMIT + 10) + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("Connection")).hasValue("close");
        HttpResponse<String> next = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + OVERRIDES)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(next.statusCode()).isEqualTo(200);
    }
}
