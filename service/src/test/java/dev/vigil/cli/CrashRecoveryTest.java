package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.testing.ProcessApi;
import dev.vigil.testing.ServerArgs;
import dev.vigil.testing.VigilProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** Vigil killed with SIGKILL right after it answered: what it committed is there when it starts again. */
class CrashRecoveryTest {
    private static final String TOKEN = "crash-test-token";

    @Test
    void anIncidentCommittedJustBeforeSigkillSurvivesOnTheDefaultEmbeddedPostgres() throws Exception {
        Path data = Files.createTempDirectory(Files.createDirectories(Path.of("target", "crash")), "pg");
        ServerArgs server = ServerArgs.on(Path.of("../rules"), Path.of("../runbooks"),
                ServerArgs.embeddedDatabase(data.resolve("postgres")));

        ProcessApi api = server.api(TOKEN);
        VigilProcess first = server.start(Map.of("VIGIL_ADMIN_TOKEN", TOKEN));
        api.awaitHealthy();
        String run = api.post("/api/v1/releases", "{\"pipeline\": \"data-release\", \"version\": \"1\"}").get("id").asText();
        api.post("/api/v1/releases/" + run + "/steps/ingest", "{\"status\": \"failed\"}");
        first.kill();

        VigilProcess second = server.start(Map.of("VIGIL_ADMIN_TOKEN", TOKEN));
        try {
            api.awaitHealthy();
            JsonNode open = api.get("/api/v1/incidents?status=open");
            assertThat(open).hasSize(1);
            JsonNode incident = api.get("/api/v1/incidents/" + open.get(0).get("id").asText());
            assertThat(incident.at("/labels/run").asText()).isEqualTo(run);
            assertThat(StreamSupport.stream(incident.get("timeline").spliterator(), false).map(e -> e.get("kind").asText()))
                    .contains("opened", "escalated");
        } finally {
            second.stop();
        }
    }

    @Test
    void aStartRefusedAfterTheEmbeddedPostgresStartedStopsItBeforeExiting() throws Exception {
        Path data = Files.createTempDirectory(Files.createDirectories(Path.of("target", "crash")), "pg");
        // retention is read after the database has started: the refusal comes with PostgreSQL running.
        ServerArgs server = ServerArgs.on(Path.of("../rules"), Path.of("../runbooks"),
                ServerArgs.embeddedDatabase(data.resolve("postgres")), "-Ddw.retention=bogus");

        VigilProcess refused = server.start(Map.of("VIGIL_ADMIN_TOKEN", TOKEN));
        assertThat(refused.waitForExit()).isNotZero();
        assertThat(refused.err() + refused.out()).contains("retention: ");
        assertThat(data.resolve("postgres/PG_VERSION")).as("the embedded PostgreSQL had started").exists();
        // PostgreSQL removes its pid file when it shuts down; a postmaster left running keeps it.
        Path pid = data.resolve("postgres/postmaster.pid");
        try {
            assertThat(pid).doesNotExist();
        } finally {
            if (Files.exists(pid)) { // not left running by this test either
                ProcessHandle.of(Long.parseLong(Files.readAllLines(pid).get(0).trim()))
                        .ifPresent(ProcessHandle::destroy);
            }
        }
    }
}
