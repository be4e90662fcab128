package dev.vigil.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.testing.Await;
import dev.vigil.testing.FakeSlack;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestDatabase;
import dev.vigil.testing.VigilHarness;
import io.dropwizard.testing.ConfigOverride;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A heartbeat probe on PostgreSQL with a clock the test moves: a ping keeps it up, silence for longer than
 * expect_every pages the owning team, a restart does not forget the last ping, and a reported failure pages at once.
 */
class HeartbeatScenarioTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String ADMIN = VigilHarness.ADMIN_TOKEN;

    private static VigilHarness harness(TestDatabase db, Path work, FakeSlack slack, MutableClock clock) {
        return new VigilHarness(db, "heartbeat", work, Map.of(), clock,
                ConfigOverride.config("slack.apiUrl", slack.apiUrl())).start();
    }

    /** The probe's last result once it ran at or after {@code at} (it runs every second). */
    private static JsonNode resultAfter(VigilHarness app, Instant at) {
        return Await.until(WAIT, "a heartbeat run at " + at, () -> {
            for (JsonNode p : app.get("/api/v1/probes").json()) {
                if (p.get("name").asText().equals("nightly-backup") && !p.get("at").isNull()
                        && !Instant.parse(p.get("at").asText()).isBefore(at)) {
                    return Optional.of(p);
                }
            }
            return Optional.empty();
        });
    }

    @Test
    void silenceLongerThanExpectEveryPagesAndTheLastPingSurvivesARestart() throws Exception {
        TestDatabase db = TestDatabase.postgres();
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "scenarios")), "heartbeat");
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T02:00:00Z"));
        Instant pinged = clock.instant();
        try (FakeSlack slack = new FakeSlack()) {
            try (VigilHarness first = harness(db, work, slack, clock)) {
                assertThat(first.post("/api/v1/heartbeats/nightly-backup", null, "").status()).isEqualTo(401);
                assertThat(first.post("/api/v1/heartbeats/nightly-backup", VigilHarness.READ_TOKEN, "").status())
                        .isEqualTo(403);
                VigilHarness.Reply unknown = first.post("/api/v1/heartbeats/nope", ADMIN, "");
                assertThat(unknown.status()).isEqualTo(404);
                assertThat(unknown.json().get("message").asText()).isEqualTo("\"nope\" is not a heartbeat probe in rules/");
                assertThat(first.post("/api/v1/heartbeats/nightly-backup", ADMIN, "").status()).isEqualTo(200);
                JsonNode up = resultAfter(first, pinged);
                assertThat(up.get("success").asBoolean()).isTrue();
                assertThat(up.get("type").asText()).isEqualTo("heartbeat");
                clock.advance(Duration.ofMinutes(5));
            }
            // Another process on the same database: the ping at 02:00 is remembered, not the restart at 02:05.
            try (VigilHarness second = harness(db, work, slack, clock)) {
                clock.set(pinged.plus(Duration.ofMinutes(10)));
                assertThat(resultAfter(second, clock.instant()).get("success").asBoolean()).isTrue();
                clock.set(pinged.plus(Duration.ofMinutes(16)));
                JsonNode late = resultAfter(second, clock.instant());
                assertThat(late.get("success").asBoolean()).isFalse();
                assertThat(late.get("failures").toString()).contains("no ping for 16m (expected every 15m)");
                Await.untilTrue(WAIT, "the ingestion team paged", () -> second.get("/api/v1/incidents?status=open")
                        .body().contains("ProbeFailed") && slack.posts().stream()
                        .anyMatch(p -> p.channel().equals("C_INGEST") && p.text().contains("nightly-backup")));

                // A ping clears it at once; a reported failure fails it at once, with the job's words.
                assertThat(second.post("/api/v1/heartbeats/nightly-backup", ADMIN, "").status()).isEqualTo(200);
                // (a run at this same instant may have started before the ping: the next one shows it)
                Await.untilTrue(WAIT, "the ping to clear it", () -> resultAfter(second, clock.instant())
                        .get("success").asBoolean());
                clock.advance(Duration.ofMinutes(1));
                assertThat(second.post("/api/v1/heartbeats/nightly-backup/fail", ADMIN,
                        "{\"message\": \"pg_dump: connection refused\"}").status()).isEqualTo(200);
                JsonNode failed = Await.until(WAIT, "the failure reported", () -> Optional.of(
                        resultAfter(second, clock.instant())).filter(r -> !r.get("success").asBoolean()));
                assertThat(failed.get("failures").toString()).contains("pg_dump: connection refused");
                assertThat(second.post("/api/v1/heartbeats/nightly-backup/fail", ADMIN,
                        "{\"message\": \"" + "x".repeat(3000) + "\"}").status()).isEqualTo(400);
            }
        }
    }
}
