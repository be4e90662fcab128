package dev.vigil.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.vigil.testing.FakeSlack;
import dev.vigil.testing.MutableClock;
import io.dropwizard.testing.ConfigOverride;
import dev.vigil.testing.TestDatabase;
import dev.vigil.testing.VigilHarness;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Random and hostile requests to every API endpoint (bodies of every JSON type and none, ids and query parameters
 * of every shape, bytes that are not UTF-8): never a 5xx, never an error body that is not the API's JSON, and never
 * a change of state on a 4xx. Seeded, so a failure names the request that can be replayed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REQUESTS = 600;
    private static final List<String> IDS = List.of("1", "2", "0", "-1", "999999999999999999999", "abc", "%00", "%2e%2e",
            "1e3", "%20", "%EF%BC%91", "data-release", "ingest", "checkout-primary", "nope", "%25", "9223372036854775807");
    private static final List<String> QUERY = List.of("", "abc", "-5", "0", "1001", "1", "%00", "2026-11-22T02:00:00Z",
            "%2B999999999-12-31T23:59:59Z", "noon", "up", "sum(", "open", "triggered", "bogus", "9".repeat(30), "%25ZZ");
    /** How many release runs exist: the fuzz starts some (a valid start is answered 201). */
    private int runs;
    private WireMockServer target;
    private FakeSlack slack;
    private VigilHarness app;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start() throws IOException {
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "scenarios")), "fuzz");
        target = new WireMockServer(options().dynamicPort());
        target.start();
        target.stubFor(get(urlEqualTo("/health")).willReturn(aResponse().withStatus(200).withBody("ok")));
        slack = new FakeSlack();
        app = new VigilHarness(TestDatabase.h2(), "scenario", work, Map.of("PROBE_URL", target.baseUrl()),
                new MutableClock(Instant.now()), ConfigOverride.config("slack.apiUrl", slack.apiUrl())).start();
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
        target.stop();
        slack.close();
    }

    @Test
    void noRequestGetsA5xxOrANonJsonErrorAndNoRefusedRequestChangesAnything() throws Exception {
        long seed = Long.getLong("fuzz.seed", 20261201L);
        Random rnd = new Random(seed);
        for (int n = 0; n < 4; n++) {
            runs++;
            send("POST", "/api/v1/releases", VigilHarness.ADMIN_TOKEN,
                    ("{\"pipeline\": \"data-release\", \"version\": \"v" + n + "\"}").getBytes(StandardCharsets.UTF_8));
        }
        int refused = 0;
        String lastState = null;
        for (int i = 0; i < REQUESTS; i++) {
            Request r = request(rnd);
            String before = before(lastState);
            HttpResponse<String> response;
            try {
                response = send(r.method, r.path, r.token, r.body);
            } catch (java.io.IOException e) {
                if (!r.path.toLowerCase(java.util.Locale.ROOT).matches(".*%2[5ef].*") || r.body == null) {
                    throw new AssertionError("request " + i + " (seed " + seed + "): " + r.method + " " + r.path
                            + " body " + preview(r.body) + ": no answer", e);
                }
                // Jetty refuses an ambiguous path (an encoded dot, slash or percent) before the body is read and closes
                // the connection: a client still sending a large body may see the reset instead of the 400. The same
                // request without a body gets the 400.
                r = new Request(r.method, r.path, r.token, null);
                response = send(r.method, r.path, r.token, r.body);
            }
            if (response.statusCode() == 201) {
                runs++;
            }
            String what = "request " + i + " (seed " + seed + "): " + r.method + " " + r.path + " body "
                    + preview(r.body) + " -> " + response.statusCode() + " " + response.body();
            assertThat(response.statusCode()).as(what).isLessThan(500);
            if (response.statusCode() >= 400) {
                refused++;
                assertThat(response.headers().firstValue("Content-Type").orElse("")).as(what).startsWith("application/json");
                JsonNode error = JSON.readTree(response.body());
                if (r.path.startsWith("/v2/enqueue") && error.has("errors")) {
                    // PagerDuty's Events API answers in its own shape, which its clients read.
                    assertThat(error.get("status").asText()).as(what).isEqualTo("invalid event");
                    assertThat(error.get("errors")).as(what).isNotEmpty();
                } else if (r.path.startsWith("/api/v2/") && error.isTextual()) {
                    // Alertmanager's API answers its own errors as a JSON string, which amtool and Prometheus read.
                    assertThat(error.asText()).as(what).isNotBlank();
                } else if (r.path.startsWith("/api/v1/query")) {
                    // Prometheus's own API answers errors in Prometheus's shape, which its clients parse.
                    assertThat(error.get("status").asText()).as(what).isEqualTo("error");
                    assertThat(error.get("error").asText()).as(what).isNotBlank();
                } else {
                    assertThat(error.has("code") && error.has("message")).as(what).isTrue();
                    assertThat(error.get("code").asInt()).as(what).isEqualTo(response.statusCode());
                    assertThat(error.get("message").asText()).as(what).isNotBlank();
                }
                String after = snapshot();
                assertThat(after).as("state after " + what).isEqualTo(before);
                lastState = after;
            } else {
                lastState = null;
            }
        }
        assertThat(refused).as("most hostile requests are refused").isGreaterThan(REQUESTS / 2);
    }

    private record Request(String method, String path, String token, byte[] body) {
    }

    private Request request(Random rnd) {
        String id = pick(rnd, IDS);
        String q = pick(rnd, QUERY);
        String token = rnd.nextInt(10) == 0 ? pick(rnd, List.of("", "wrong", VigilHarness.READ_TOKEN))
                : VigilHarness.ADMIN_TOKEN;
        return switch (rnd.nextInt(23)) {
            case 0 -> new Request("POST", "/api/v1/releases", token, body(rnd, List.of("pipeline", "version")));
            case 1 -> new Request("POST", "/api/v1/releases/" + id + "/steps/" + pick(rnd, IDS), token,
                    body(rnd, List.of("status", "message", "url")));
            case 2 -> new Request("GET", "/api/v1/releases/" + id, null, null);
            case 3 -> new Request("GET", "/api/v1/incidents?status=" + q + "&limit=" + pick(rnd, QUERY) + "&before="
                    + pick(rnd, QUERY), null, null);
            case 4 -> new Request("GET", "/api/v1/incidents/" + id + pick(rnd, List.of("", "/report")), null, null);
            case 5 -> new Request("POST", "/api/v1/incidents/" + id + "/" + pick(rnd,
                    List.of("acknowledge", "resolve", "escalate", "nope")), token, body(rnd, List.of("x")));
            case 6 -> new Request("GET", "/api/v1/oncall?schedule=" + pick(rnd, IDS) + "&at=" + q, null, null);
            case 7 -> new Request("POST", "/api/v1/schedules/" + id + "/overrides", token,
                    body(rnd, List.of("user", "start", "end")));
            case 8 -> new Request("GET", "/api/v1/schedules/" + id + "/overrides", null, null);
            case 9 -> new Request("DELETE", "/api/v1/schedules/" + pick(rnd, IDS) + "/overrides/" + id, token, null);
            case 10 -> new Request("GET", "/api/v1/schedules/" + id + "/ical?user=" + q + "&weeks=" + pick(rnd, QUERY),
                    null, null);
            case 11 -> new Request("GET", "/api/v1/query?query=" + q + "&time=" + pick(rnd, QUERY), null, null);
            case 12 -> new Request(pick(rnd, List.of("PUT", "PATCH", "DELETE")), "/api/v1/incidents/" + id, token,
                    body(rnd, List.of("severity", "summary")));
            case 13 -> rnd.nextBoolean()
                    ? new Request("POST", "/api/v1/incidents/" + id + "/notes", token, body(rnd, List.of("text")))
                    : new Request("POST", "/api/v1/incidents/" + id + "/responders", token, body(rnd, List.of("user")));
            case 14 -> new Request("POST", "/slack/actions", null, body(rnd, List.of("payload")));
            case 15 -> new Request("POST", "/slack/commands", null, body(rnd, List.of("text", "user_id")));
            case 16 -> new Request("POST", "/api/v2/alerts", token, alerts(rnd));
            case 17 -> new Request("GET", "/api/v2/alerts?filter=" + q + "&receiver=" + pick(rnd, QUERY) + "&active="
                    + pick(rnd, QUERY), null, null);
            case 18 -> new Request("POST", "/api/v2/silences", token,
                    body(rnd, List.of("matchers", "startsAt", "endsAt", "createdBy", "comment", "id")));
            case 19 -> new Request(pick(rnd, List.of("GET", "DELETE")), "/api/v2/silence/" + id, token, null);
            case 20 -> new Request("GET", "/api/v2/silences?filter=" + q, null, null);
            case 21 -> new Request("POST", "/v2/enqueue", null,
                    body(rnd, List.of("routing_key", "event_action", "dedup_key", "payload", "links")));
            default -> new Request("GET", "/runbooks/" + id, null, null);
        };
    }

    /** A batch for {@code /api/v2/alerts}: an array of hostile alerts, or not an array at all. */
    private static byte[] alerts(Random rnd) {
        if (rnd.nextInt(4) == 0) {
            return body(rnd, List.of("labels"));
        }
        List<String> fields = List.of("labels", "annotations", "startsAt", "endsAt", "generatorURL");
        StringBuilder sb = new StringBuilder("[");
        for (int n = rnd.nextInt(4); n >= 0; n--) {
            sb.append(sb.length() > 1 ? "," : "").append(new String(body(rnd, fields), StandardCharsets.UTF_8));
        }
        return sb.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A body: mostly an object with the call's fields (and others) holding values of any type; sometimes not JSON. */
    private static byte[] body(Random rnd, List<String> fields) {
        switch (rnd.nextInt(12)) {
            case 0:
                return new byte[0];
            case 1:
                return new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
            case 2:
                return "[".repeat(5000).getBytes(StandardCharsets.UTF_8);
            case 3:
                return pick(rnd, List.of("null", "[]", "1", "\"x\"", "{", "{\"a\":}", "true")).getBytes(StandardCharsets.UTF_8);
            default:
                StringBuilder sb = new StringBuilder("{");
                List<String> keys = new ArrayList<>(fields);
                if (rnd.nextInt(4) == 0) {
                    keys.add(pick(rnd, List.of("extra", fields.get(0), "__proto__", "")));
                }
                for (int k = 0; k < keys.size(); k++) {
                    if (rnd.nextInt(5) == 0) {
                        continue;
                    }
                    sb.append(sb.length() > 1 ? "," : "").append('"').append(keys.get(k)).append("\":").append(value(rnd));
                }
                return sb.append('}').toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    private static String value(Random rnd) {
        return switch (rnd.nextInt(16)) {
            case 0 -> "1e400";
            case 1 -> "123";
            case 2 -> "true";
            case 3 -> "null";
            case 4 -> "[\"failed\"]";
            case 5 -> "{\"a\":1}";
            case 6 -> "\"" + "x".repeat(100_000) + "\"";
            case 7 -> "\"a\\u0000b\"";
            case 8 -> "\"+999999999-12-31T23:59:59Z\"";
            case 9 -> "\"2026-12-01T10:00:00Z\"";
            case 10 -> "\"failed\"";
            case 11 -> "\"running\"";
            case 12 -> "\"alice\"";
            case 13 -> "\"data-release\"";
            case 14 -> "\"\\ud800\"";
            default -> "\"" + "é".repeat(rnd.nextInt(300)) + "\"";
        };
    }

    /** The state before a request: the one read after the last refused request, which changed nothing since. */
    private String before(String known) throws Exception {
        return known != null ? known : snapshot();
    }

    /** What a refused request must not change: incidents and their states, runs, overrides. */
    private String snapshot() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (JsonNode i : JSON.readTree(send("GET", "/api/v1/incidents?limit=1000", null, null).body())) {
            sb.append(i.get("id")).append(i.get("status")).append(i.get("severity")).append(i.get("title")).append(i.get("acknowledgedAt"));
        }
        for (int run = 1; run <= runs + 1; run++) {
            HttpResponse<String> r = send("GET", "/api/v1/releases/" + run, null, null);
            sb.append(r.statusCode() == 200 ? r.body().replaceAll("\"updatedAt\":\"[^\"]*\"", "") : "-");
        }
        sb.append(send("GET", "/api/v2/silences", null, null).body());
        for (String schedule : List.of("checkout-primary", "ingestion-primary")) {
            sb.append(send("GET", "/api/v1/schedules/" + schedule + "/overrides", null, null).body());
        }
        return sb.toString();
    }

    private HttpResponse<String> send(String method, String path, String token, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null && !token.isEmpty()) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static <T> T pick(Random rnd, List<T> from) {
        return from.get(rnd.nextInt(from.size()));
    }

    private static String preview(byte[] body) {
        if (body == null) {
            return "-";
        }
        String s = new String(body, StandardCharsets.UTF_8);
        return s.length() > 200 ? s.substring(0, 200) + "…(" + s.length() + ")" : s;
    }
}
