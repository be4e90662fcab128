package dev.vigil.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.testing.Await;
import dev.vigil.testing.FakeSlack;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestDatabase;
import dev.vigil.testing.VigilHarness;
import dev.vigil.testing.VigilProcess;
import io.dropwizard.testing.ConfigOverride;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real clients of an Alertmanager against Vigil: Debian's {@code prometheus} (2.42) sending a rule's alert with a
 * bearer token, and {@code amtool} (0.25) adding and querying alerts. Both must be installed ({@code .ci/run} installs
 * the {@code prometheus} and {@code prometheus-alertmanager} packages); the test fails, naming them, when they are not.
 */
class AlertmanagerClientsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private Path work;
    private FakeSlack slack;
    private VigilHarness app;
    private final List<Process> peers = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "scenarios")), "am-clients")
                .toAbsolutePath();
        slack = new FakeSlack();
        app = new VigilHarness(TestDatabase.postgres(), "alertmanager", work.resolve("vigil"), Map.of(),
                MutableClock.followingRealTime(), ConfigOverride.config("slack.apiUrl", slack.apiUrl())).start();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        for (Process p : peers) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        app.close();
        slack.close();
    }

    private String hostPort() {
        return app.baseUrl().substring("http://".length());
    }

    @Test
    void prometheusPointedAtVigilOpensAnIncidentForAFiringRuleAndResolvesItWhenTheRuleStops() throws Exception {
        Path rules = work.resolve("rules.yml");
        Files.writeString(rules, rule("vector(1)"));
        Files.writeString(work.resolve("prometheus.yml"), """
                global:
                  evaluation_interval: 1s
                rule_files: [rules.yml]
                alerting:
                  alertmanagers:
                    - api_version: v2
                      authorization: {credentials: %s}
                      static_configs: [{targets: ['%s']}]
                """.formatted(VigilHarness.ADMIN_TOKEN, hostPort()));
        // Prometheus finds its Alertmanagers a few seconds after it starts and re-sends firing alerts every
        // resend-delay (1m by default): a second here, so the test does not wait a minute for the first send.
        Process prometheus = start(work, "prometheus", "--config.file=prometheus.yml", "--rules.alert.resend-delay=1s",
                "--storage.tsdb.path=" + work.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + VigilProcess.freePort());

        JsonNode incident = Await.until(WAIT, "an incident for Prometheus's alert", () -> open("DiskAlmostFull"));
        assertThat(incident.get("team").asText()).isEqualTo("database");
        assertThat(app.get("/api/v2/alerts").json()).anySatisfy(a -> {
            assertThat(a.get("labels").get("alertname").asText()).isEqualTo("DiskAlmostFull");
            assertThat(a.get("generatorURL").asText()).contains("/graph?g0.expr=");
        });

        Files.writeString(rules, rule("vector(1) == 0")); // the rule stops firing
        new ProcessBuilder("kill", "-HUP", String.valueOf(prometheus.pid())).start().waitFor();
        long id = incident.get("id").asLong();
        Await.untilTrue(WAIT, "the incident to resolve", () ->
                app.get("/api/v1/incidents/" + id).json().get("status").asText().equals("resolved"));
    }

    @Test
    void amtoolAddsAndQueriesAlertsAgainstVigilUnchanged() throws Exception {
        String url = "--alertmanager.url=" + app.baseUrl();
        String auth = amtoolToken();
        Result add = run("amtool", url, auth, "alert", "add", "ReplicationLag", "service=db", "team=database",
                "--annotation=summary=replica 5 minutes behind");
        assertThat(add.exit()).as(add.errors()).isZero();
        JsonNode incident = Await.until(WAIT, "an incident for amtool's alert", () -> open("ReplicationLag"));
        assertThat(incident.get("team").asText()).isEqualTo("database");

        Result query = run("amtool", url, "alert", "query", "-o", "json");
        assertThat(query.exit()).as(query.errors()).isZero();
        JsonNode alerts = JSON.readTree(query.output());
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.get("labels").get("alertname").asText()).isEqualTo("ReplicationLag");
            assertThat(a.get("annotations").get("summary").asText()).isEqualTo("replica 5 minutes behind");
            assertThat(a.get("receivers").get(0).get("name").asText()).isEqualTo("database");
        });
        Result filtered = run("amtool", url, "alert", "query", "alertname=ReplicationLag");
        assertThat(filtered.exit()).as(filtered.errors()).isZero();
        assertThat(filtered.output()).contains("ReplicationLag").contains("replica 5 minutes behind");
        assertThat(run("amtool", url, "alert", "query", "alertname=Other").output()).doesNotContain("ReplicationLag");

        Result refused = run("amtool", url, "alert", "add", "Unauthorised", "service=db");
        assertThat(refused.exit()).as("without the token: " + refused.output()).isNotZero();
        assertThat(refused.errors()).contains("401");
        assertThat(open("Unauthorised")).isEmpty();
    }

    @Test
    void amtoolAddsQueriesExpiresAndImportsSilencesAndASilencedAlertPagesNobodyUntilItsSilenceEnds() throws Exception {
        String url = "--alertmanager.url=" + app.baseUrl();
        String auth = amtoolToken();
        Result add = run("amtool", url, auth, "silence", "add", "service=billing", "--author=alice",
                "--comment=DB migration, CHG-1234", "--duration=2h");
        assertThat(add.exit()).as(add.errors()).isZero();
        String id = add.output().strip();
        assertThat(id).matches("[0-9a-f-]{36}");

        Result query = run("amtool", url, "silence", "query");
        assertThat(query.exit()).as(query.errors()).isZero();
        assertThat(query.output()).contains(id).contains("service=\"billing\"").contains("alice")
                .contains("DB migration, CHG-1234");
        Result quiet = run("amtool", url, "silence", "query", "-q", "service=billing");
        assertThat(quiet.output().strip()).isEqualTo(id);

        assertThat(run("amtool", url, auth, "alert", "add", "DBDown", "service=billing").exit()).isZero();
        JsonNode incident = Await.until(WAIT, "the silenced alert's incident", () -> open("DBDown"));
        long incidentId = incident.get("id").asLong();
        Await.untilTrue(WAIT, "the channel post", () -> !slack.posts().isEmpty());
        assertThat(app.get("/api/v1/incidents/" + incidentId).json().get("timeline").toString())
                .contains("muted by silence " + id);
        assertThat(slack.posts()).allSatisfy(p -> assertThat(p.channel()).isEqualTo("C01PLAT"));
        assertThat(JSON.readTree(run("amtool", url, "alert", "query", "-o", "json").output()))
                .as("amtool shows silenced alerts only when asked").isEmpty();
        Result alerts = run("amtool", url, "alert", "query", "--silenced", "-o", "json");
        assertThat(JSON.readTree(alerts.output())).singleElement().satisfies(a ->
                assertThat(a.get("status").get("state").asText()).isEqualTo("suppressed"));

        Result exported = run("amtool", url, "silence", "query", "-o", "json");
        Path backup = work.resolve("silences.json");
        Files.writeString(backup, exported.output());

        Result expire = run("amtool", url, auth, "silence", "expire", id);
        assertThat(expire.exit()).as(expire.errors()).isZero();
        assertThat(run("amtool", url, "silence", "query").output()).doesNotContain(id);
        assertThat(run("amtool", url, "silence", "query", "--expired").output()).contains(id);
        Await.untilTrue(WAIT, "the page once the silence ended",
                () -> slack.posts().stream().anyMatch(p -> p.channel().equals("U01ALICE")));

        // amtool's backup and restore: the expired silence comes back as a new one, as Alertmanager makes it.
        Result imported = run("amtool", url, auth, "silence", "import", backup.toString());
        assertThat(imported.exit()).as(imported.errors()).isZero();
        String again = imported.output().strip();
        assertThat(again).matches("[0-9a-f-]{36}").isNotEqualTo(id);
        assertThat(run("amtool", url, "silence", "query").output()).contains(again).contains("DB migration, CHG-1234");
    }

    /** amtool's flag for an HTTP client config holding a token with role ingest. */
    private String amtoolToken() throws IOException {
        Path http = work.resolve("amtool-http.yml");
        Files.writeString(http, "authorization:\n  credentials: " + VigilHarness.ADMIN_TOKEN + "\n");
        return "--http.config.file=" + http;
    }

    private static String rule(String expr) {
        return """
                groups:
                  - name: vigil-clients-test
                    interval: 1s
                    rules:
                      - alert: DiskAlmostFull
                        expr: %s
                        labels: {service: db, team: database}
                        annotations: {summary: the disk is almost full}
                """.formatted(expr);
    }

    private Optional<JsonNode> open(String alertname) {
        for (JsonNode i : app.get("/api/v1/incidents?status=triggered").json()) {
            if (i.get("labels").path("alertname").asText().equals(alertname)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    private record Result(int exit, String output, String errors) {
    }

    private Process start(Path dir, String... command) throws IOException {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(dir.resolve(command[0] + ".log").toFile())
                    .redirectError(dir.resolve(command[0] + ".err").toFile()).start();
            peers.add(p);
            return p;
        } catch (IOException e) {
            throw new AssertionError(command[0] + " is not installed: install Debian's prometheus and "
                    + "prometheus-alertmanager packages (.ci/run does)", e);
        }
    }

    private Result run(String... command) throws Exception {
        Process p = start(work, command);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within 30 s");
        }
        return new Result(p.exitValue(), Files.readString(work.resolve(command[0] + ".log"), StandardCharsets.UTF_8),
                Files.readString(work.resolve(command[0] + ".err"), StandardCharsets.UTF_8));
    }
}
