package dev.vigil.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** HTTP to a Vigil running as its own process (VigilProcess): wait for health, send JSON, read JSON. */
public final class ProcessApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final int app;
    private final int admin;
    private final String token;

    public ProcessApi(int app, int admin, String token) {
        this.app = app;
        this.admin = admin;
        this.token = token;
    }

    public void awaitHealthy() {
        Await.untilTrue(Duration.ofSeconds(60), "vigil to be healthy", () -> {
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + admin + "/healthcheck")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
    }

    /** POSTs JSON with the bearer token; asserts a 2xx and returns the answer. */
    public JsonNode post(String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
        return JSON.readTree(r.body());
    }

    /** The body of a GET, or empty when the process does not answer. */
    public String getText(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }

    public JsonNode get(String path) throws Exception {
        return JSON.readTree(getText(path));
    }

    /** The texts of an incident's timeline, oldest first; empty when the process does not answer. */
    public java.util.List<String> timeline(long incidentId) {
        try {
            return java.util.stream.StreamSupport.stream(get("/api/v1/incidents/" + incidentId).get("timeline")
                    .spliterator(), false).map(e -> e.get("text").asText()).toList();
        } catch (Exception e) {
            return java.util.List.of();
        }
    }
}
