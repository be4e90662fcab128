package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.VigilConfiguration;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The Vigil that config.yml describes, running on this machine, asked over its HTTP API (GETs need no token). */
final class RunningServer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final String base;

    private RunningServer(String base) {
        this.base = base;
    }

    /** The first HTTP application connector of config.yml, on localhost when it binds every address. */
    static Optional<RunningServer> of(VigilConfiguration config) {
        if (!(config.getServerFactory() instanceof DefaultServerFactory server)) {
            return Optional.empty();
        }
        return server.getApplicationConnectors().stream()
                .filter(c -> c.getClass() == HttpConnectorFactory.class).map(c -> (HttpConnectorFactory) c)
                .findFirst().map(c -> new RunningServer("http://" + (c.getBindHost() == null ? "localhost"
                        : c.getBindHost()) + ":" + c.getPort()));
    }

    String base() {
        return base;
    }

    /** Who is on call at each instant, overrides included; empty when the server does not answer. */
    Optional<List<List<String>>> onCall(String schedule, List<Instant> ats) {
        List<List<String>> out = new ArrayList<>();
        try {
            for (Instant at : ats) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/oncall?schedule="
                        + URLEncoder.encode(schedule, StandardCharsets.UTF_8) + "&at=" + at)).timeout(TIMEOUT).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    return Optional.empty();
                }
                List<String> users = new ArrayList<>();
                JSON.readTree(r.body()).get("users").forEach((JsonNode u) -> users.add(u.get("id").asText()));
                out.add(users);
            }
            return Optional.of(out);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
