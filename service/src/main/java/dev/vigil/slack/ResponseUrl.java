package dev.vigil.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a person through a Slack request's {@code response_url} (an ephemeral message only they see). Only
 * Slack's own hooks, or the fake Slack that {@code slack.apiUrl} points at, are called: a signed request cannot make
 * Vigil post anywhere else.
 */
public final class ResponseUrl {
    private static final Logger LOG = LoggerFactory.getLogger(ResponseUrl.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> allowed;

    /** {@code apiUrl}: slack.apiUrl, whose origin is allowed besides https://hooks.slack.com/. */
    public ResponseUrl(String apiUrl) {
        URI api = URI.create(apiUrl);
        this.allowed = List.of("https://hooks.slack.com/", api.getScheme() + "://" + api.getRawAuthority() + "/");
    }

    public void send(String url, String text) {
        if (url == null || allowed.stream().noneMatch(url::startsWith)) {
            LOG.warn("not answering through response_url {}: not Slack's", url == null ? "(none)" : "(elsewhere)");
            return;
        }
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("response_type", "ephemeral", "replace_original", false, "text", text));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
            if (e != null || r.statusCode() >= 300) {
                LOG.warn("answer through response_url failed: {}", e != null ? e.toString() : "HTTP " + r.statusCode());
            }
        });
    }
}
