package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.testing.Await;
import dev.vigil.testing.VigilProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** Vigil killed with SIGKILL right after it answered: what it committed is there when it starts again. */
class CrashRecoveryTest {
    private static final String TOKEN = "crash-test-token";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anIncidentCommittedJustBeforeSigkillSurvivesOnTheDefaultH2File() throws Exception {
        Path data = Files.createTempDirectory(Files.createDirectories(Path.of("target", "crash")), "h2");
        int app = VigilProcess.freePort();
        int admin = VigilProcess.freePort();
        String[] args = {"-Ddw.database.url=jdbc:h2:file:" + data.toAbsolutePath() + "/vigil",
            "-Ddw.server.applicationConnectors[0].port=" + app, "-Ddw.server.adminConnectors[0].port=" + admin,
            "-Ddw.rulesPath=../rules", "-Ddw.runbooksPath=../runbooks", "server", "../config.yml"};

        VigilProcess first = VigilProcess.start(Map.of("VIGIL_ADMIN_TOKEN", TOKEN), args);
        awaitHealthy(admin, first);
        String run = send(app, "/api/v1/releases", "{\"pipeline\": \"data-release\", \"version\": \"1\"}").get("id").asText();
        send(app, "/api/v1/releases/" + run + "/steps/ingest", "{\"status\": \"failed\"}");
        first.kill();

        VigilProcess second = VigilProcess.start(Map.of("VIGIL_ADMIN_TOKEN", TOKEN), args);
        try {
            awaitHealthy(admin, second);
            JsonNode open = get(app, "/api/v1/incidents?status=open").orElseThrow();
            assertThat(open).hasSize(1);
            JsonNode incident = get(app, "/api/v1/incidents/" + open.get(0).get("id").asText()).orElseThrow();
            assertThat(incident.at("/labels/run").asText()).isEqualTo(run);
            assertThat(StreamSupport.stream(incident.get("timeline").spliterator(), false).map(e -> e.get("kind").asText()))
                    .contains("opened", "escalated");
        } finally {
            second.stop();
        }
    }

    private void awaitHealthy(int admin, VigilProcess p) {
        Await.untilTrue(Duration.ofSeconds(60), "vigil to be healthy", () -> {
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + admin + "/healthcheck")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
    }

    private JsonNode send(int app, String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app + path))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
        return new ObjectMapper().readTree(r.body());
    }

    private Optional<JsonNode> get(int app, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? Optional.of(new ObjectMapper().readTree(r.body())) : Optional.empty();
    }
}
