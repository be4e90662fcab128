package dev.vigil.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.VigilApplication;
import dev.vigil.VigilConfiguration;
import io.dropwizard.core.Application;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real application on a test database, with its rules/ and runbooks/ copied from a test resource folder
 * (placeholders such as {@code ${PROBE_URL}} filled in), a movable clock, and a small HTTP client.
 */
public final class VigilHarness implements AutoCloseable {
    public static final String ADMIN_TOKEN = "test-admin-token";
    public static final String RESPONDER_TOKEN = "test-responder-token";
    public static final String READ_TOKEN = "test-read-token";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final DropwizardTestSupport<VigilConfiguration> support;
    public final MutableClock clock;
    private boolean manualTicks;
    private Map<String, String> environment = Map.of();

    public VigilHarness(TestDatabase db, String scenario, Path workDir, Map<String, String> placeholders,
                        MutableClock clock, ConfigOverride... extra) {
        this("test-config.yml", db, scenario, workDir, placeholders, clock, extra);
    }

    /** The same with another config file from the test resources (one whose lists have entries to override). */
    public VigilHarness(String configResource, TestDatabase db, String scenario, Path workDir,
                        Map<String, String> placeholders, MutableClock clock, ConfigOverride... extra) {
        this.clock = clock;
        Path rules = copy(Path.of(ResourceHelpers.resourceFilePath(scenario + "/rules")), workDir.resolve("rules"), placeholders);
        Path runbooks = copy(Path.of(ResourceHelpers.resourceFilePath(scenario + "/runbooks")), workDir.resolve("runbooks"), placeholders);
        List<ConfigOverride> overrides = new ArrayList<>(List.of(
                ConfigOverride.config("rulesPath", rules.toString()),
                ConfigOverride.config("runbooksPath", runbooks.toString()),
                ConfigOverride.config("database.driverClass", db.driverClass()),
                ConfigOverride.config("database.url", db.url()),
                ConfigOverride.config("database.user", db.user()),
                ConfigOverride.config("database.password", db.password())));
        overrides.addAll(List.of(extra));
        support = new DropwizardTestSupport<>(VigilApplication.class, ResourceHelpers.resourceFilePath(configResource),
                overrides.toArray(ConfigOverride[]::new)) {
            @Override
            public Application<VigilConfiguration> newApplication() {
                return new VigilApplication(clock, manualTicks, name -> VigilHarness.this.environment.get(name));
            }
        };
    }

    /**
     * Before {@link #start()}: Vigil runs no periodic work of its own (escalation, handoffs, the outbox); the test
     * moves the clock and calls {@link #runDue(Instant)}, and nothing waits on wall-clock time.
     */
    public VigilHarness manualTicks() {
        this.manualTicks = true;
        return this;
    }

    /** Before {@link #start()}: the environment automated release steps read their URLs and tokens from. */
    public VigilHarness environment(Map<String, String> variables) {
        this.environment = Map.copyOf(variables);
        return this;
    }

    /** Sets the clock to {@code now} and runs what is due then: escalation steps, handoffs, every send. */
    public void runDue(java.time.Instant now) {
        clock.set(now);
        ((VigilApplication) support.getApplication()).runDue(now);
    }

    /** {@link #runDue(java.time.Instant)} at the clock's current instant. */
    public void runDue() {
        runDue(clock.instant());
    }

    public VigilHarness start() {
        try {
            support.before();
        } catch (Exception e) {
            throw new IllegalStateException("the application did not start", e);
        }
        return this;
    }

    @Override
    public void close() {
        support.after();
    }

    public String baseUrl() {
        return "http://localhost:" + support.getLocalPort();
    }

    /** The port of application connector {@code index} (config order; 0 is {@link #baseUrl()}'s). */
    public int port(int index) {
        return support.getPort(index);
    }

    public String adminUrl() {
        return "http://localhost:" + support.getAdminPort();
    }

    /** The status, body and headers of a request; {@code token} may be null. */
    public record Reply(int status, String body, java.net.http.HttpHeaders headers) {
        public Reply(int status, String body) {
            this(status, body, java.net.http.HttpHeaders.of(java.util.Map.of(), (a, b) -> true));
        }

        /** The first value of a response header, or "" when it is absent. */
        public String header(String name) {
            return headers.firstValue(name).orElse("");
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }
    }

    public Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET(), null);
    }

    public Reply post(String path, String token, String jsonBody) {
        return withJson("POST", path, token, jsonBody);
    }

    public Reply patch(String path, String token, String jsonBody) {
        return withJson("PATCH", path, token, jsonBody);
    }

    private Reply withJson(String method, String path, String token, String jsonBody) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(jsonBody == null ? "" : jsonBody)), token);
    }

    /** A form-encoded POST with the given headers (name, value, name, value…), as Slack sends its requests. */
    public Reply postForm(String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b, null);
    }

    public Reply delete(String path, String token) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).DELETE(), token);
    }

    public Reply getAbsolute(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), null);
    }

    private Reply send(HttpRequest.Builder b, String token) {
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path copy(Path from, Path to, Map<String, String> placeholders) {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    String text = Files.readString(p);
                    for (Map.Entry<String, String> e : placeholders.entrySet()) {
                        text = text.replace("${" + e.getKey() + "}", e.getValue());
                    }
                    Files.writeString(target, text);  // replaces a copy from an earlier run in the same folder
                }
            }
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
