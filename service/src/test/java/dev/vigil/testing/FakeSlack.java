package dev.vigil.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** WireMock playing Slack's Web API: accepts the token, records every {@code chat.postMessage} and answers ok. */
public final class FakeSlack implements AutoCloseable {
    public static final String POST_MESSAGE = "/api/chat.postMessage";

    /** One {@code chat.postMessage} as Slack received it. */
    public record Message(String channel, String text, String blocks, Instant at) {
    }

    public final WireMockServer server = new WireMockServer(options().dynamicPort());

    public FakeSlack() {
        server.start();
        answerOk();
    }

    public void answerOk() {
        server.stubFor(post(urlEqualTo("/api/auth.test")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"ok\":true,\"user\":\"vigil\",\"team\":\"Example\"}")));
        server.stubFor(post(urlEqualTo(POST_MESSAGE)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"ok\":true,\"channel\":\"C1\",\"ts\":\"1700000000.000100\"}")));
    }

    /** The next chat.postMessage to {@code channel} gets 429 with Retry-After; later ones are answered ok. */
    public void rateLimitNextMessageTo(String channel, int retryAfterSeconds) {
        server.stubFor(post(urlEqualTo(POST_MESSAGE)).withRequestBody(containing("channel=" + channel))
                .inScenario("rate limit").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", String.valueOf(retryAfterSeconds))
                        .withBody("{\"ok\":false,\"error\":\"ratelimited\"}"))
                .willSetStateTo("served"));
        server.stubFor(post(urlEqualTo(POST_MESSAGE)).withRequestBody(containing("channel=" + channel))
                .inScenario("rate limit").whenScenarioStateIs("served")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"ok\":true,\"channel\":\"C1\",\"ts\":\"1700000000.000200\"}")));
    }

    public String apiUrl() {
        return server.baseUrl() + "/api/";
    }

    /** Messages Slack accepted (answered 200), oldest first; rate-limited attempts are not among them. */
    public List<Message> messages() {
        return server.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals(POST_MESSAGE) && e.getResponse().getStatus() == 200)
                .map(e -> message(e.getRequest())).sorted(java.util.Comparator.comparing(Message::at)).toList();
    }

    /** Messages about incident {@code id} sent to {@code channel}. */
    public List<Message> about(long id, String channel) {
        return messages().stream().filter(m -> m.channel().equals(channel) && m.text().contains("#" + id + " ")).toList();
    }

    private static Message message(LoggedRequest r) {
        Map<String, String> form = new HashMap<>();
        for (String pair : r.getBodyAsString().split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return new Message(form.getOrDefault("channel", ""), form.getOrDefault("text", ""),
                form.getOrDefault("blocks", ""), r.getLoggedDate().toInstant());
    }

    @Override
    public void close() {
        server.stop();
    }
}
