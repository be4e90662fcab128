package dev.vigil.scenario;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** WireMock playing Slack's Web API: records every {@code chat.postMessage} and answers ok. */
final class FakeSlack implements AutoCloseable {
    static final String POST_MESSAGE = "/api/chat.postMessage";

    /** One {@code chat.postMessage} as Slack received it. */
    record Message(String channel, String text, String blocks, Instant at) {
    }

    final WireMockServer server = new WireMockServer(options().dynamicPort());

    FakeSlack() {
        server.start();
        answerOk();
    }

    void answerOk() {
        server.stubFor(post(urlEqualTo(POST_MESSAGE)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"ok\":true,\"channel\":\"C1\",\"ts\":\"1700000000.000100\"}")));
    }

    String apiUrl() {
        return server.baseUrl() + "/api/";
    }

    List<Message> messages() {
        return server.findAll(postRequestedFor(urlEqualTo(POST_MESSAGE))).stream().map(FakeSlack::message).toList();
    }

    /** Messages about incident {@code id} sent to {@code channel}. */
    List<Message> about(long id, String channel) {
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
