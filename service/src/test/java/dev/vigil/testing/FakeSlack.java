package dev.vigil.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
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
    public static final String UPDATE = "/api/chat.update";
    private static final String RESPONSE_URL_PATH = "/hooks/commands";

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
        // As Slack does: the channel posted to (a user id's DM is a channel of its own, D + the user id here), and a
        // fresh ts for each message.
        server.stubFor(post(urlEqualTo(POST_MESSAGE)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withTransformers("response-template")
                .withBody("{{formData request.body 'f' urlDecode=true}}{\"ok\":true,\"channel\":\""
                        + "{{#matches f.channel '^U.*'}}D{{/matches}}{{f.channel}}\",\"ts\":\"1700000000."
                        + "{{randomValue length=6 type='NUMERIC'}}\"}")));
        server.stubFor(post(urlEqualTo(UPDATE)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withTransformers("response-template")
                .withBody("{{formData request.body 'f' urlDecode=true}}{\"ok\":true,\"channel\":\"{{f.channel}}\","
                        + "\"ts\":\"{{f.ts}}\"}")));
        server.stubFor(post(urlPathMatching(RESPONSE_URL_PATH + "/.*")).willReturn(aResponse().withStatus(200)));
    }

    /** A response_url on this fake, as Slack puts one in each interaction: answers sent there are recorded. */
    public String responseUrl() {
        return server.baseUrl() + RESPONSE_URL_PATH + "/T1/" + System.nanoTime();
    }

    /** Texts sent back through response_urls, oldest first. */
    public List<String> ephemeralReplies() {
        return server.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().startsWith(RESPONSE_URL_PATH))
                .sorted(java.util.Comparator.comparing(e -> e.getRequest().getLoggedDate()))
                .map(e -> e.getRequest().getBodyAsString()).toList();
    }

    /** One chat.postMessage Slack accepted, with what Slack answered: where the message is and its ts. */
    public record Post(String channel, String text, String blocks, String threadTs, String answeredChannel,
                       String ts, Instant at) {
    }

    /** Every accepted chat.postMessage, oldest first, with Slack's answer. */
    public List<Post> posts() {
        return server.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals(POST_MESSAGE) && e.getResponse().getStatus() == 200)
                .map(e -> {
                    Map<String, String> form = form(e.getRequest());
                    String answer = e.getResponse().getBodyAsString();
                    return new Post(form.getOrDefault("channel", ""), form.getOrDefault("text", ""),
                            form.getOrDefault("blocks", ""), form.getOrDefault("thread_ts", ""),
                            field(answer, "channel"), field(answer, "ts"), e.getRequest().getLoggedDate().toInstant());
                })
                .sorted(java.util.Comparator.comparing(Post::at)).toList();
    }

    /** One chat.update as Slack received it. */
    public record Update(String channel, String ts, String text, String blocks, Instant at) {
    }

    /** Every chat.update, oldest first. */
    public List<Update> updates() {
        return server.getAllServeEvents().stream().filter(e -> e.getRequest().getUrl().equals(UPDATE))
                .map(e -> {
                    Map<String, String> form = form(e.getRequest());
                    return new Update(form.getOrDefault("channel", ""), form.getOrDefault("ts", ""),
                            form.getOrDefault("text", ""), form.getOrDefault("blocks", ""),
                            e.getRequest().getLoggedDate().toInstant());
                })
                .sorted(java.util.Comparator.comparing(Update::at)).toList();
    }

    private static String field(String json, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : "";
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
        Map<String, String> form = form(r);
        return new Message(form.getOrDefault("channel", ""), form.getOrDefault("text", ""),
                form.getOrDefault("blocks", ""), r.getLoggedDate().toInstant());
    }

    private static Map<String, String> form(LoggedRequest r) {
        return form(r.getBodyAsString());
    }

    /** A form-encoded body (as the Slack SDK sends its calls) as a map. */
    public static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    @Override
    public void close() {
        server.stop();
    }
}
