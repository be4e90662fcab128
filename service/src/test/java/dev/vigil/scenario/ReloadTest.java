package dev.vigil.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.testing.FakeSlack;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestDatabase;
import dev.vigil.testing.VigilHarness;
import io.dropwizard.testing.ConfigOverride;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** POST /-/reload: a good edit applies without a restart; a bad one is refused whole and reported. */
class ReloadTest {

    @Test
    void aBadEditKeepsTheRunningRulesAndAGoodOneApplies() throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "scenarios")), "reload");
        try (FakeSlack slack = new FakeSlack();
             VigilHarness app = new VigilHarness(TestDatabase.h2(), "scenario", work,
                     Map.of("PROBE_URL", "http://127.0.0.1:1"), new MutableClock(Instant.now()),
                     ConfigOverride.config("slack.apiUrl", slack.apiUrl())).start()) {
            assertThat(groups(app)).containsExactly("checkout");

            Files.writeString(work.resolve("rules/bad.yml"), "teams:\n  - id: extra\n    slack_channel: C9\n"
                    + "    escalation_policy: checkout-polcy\n");
            assertThat(app.post("/-/reload", null, "").status()).isEqualTo(401);
            VigilHarness.Reply refused = app.post("/-/reload", VigilHarness.ADMIN_TOKEN, "");
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().get("problems").get(0).asText()).endsWith(
                    "bad.yml:4:24: teams[0].escalation_policy: escalation_policy \"checkout-polcy\" is not defined "
                            + "(did you mean \"checkout-policy\"?)");
            assertThat(app.get("/metrics").body()).contains("vigil_config_last_reload_successful 0.0");
            assertThat(groups(app)).containsExactly("checkout");

            Files.delete(work.resolve("rules/bad.yml"));
            Files.writeString(work.resolve("rules/more.yml"), "groups:\n  - name: more\n    rules:\n"
                    + "      - record: x:up\n        expr: up\n");
            assertThat(app.post("/-/reload", VigilHarness.ADMIN_TOKEN, "").status()).isEqualTo(200);
            assertThat(app.get("/metrics").body()).contains("vigil_config_last_reload_successful 1.0");
            assertThat(groups(app)).containsExactlyInAnyOrder("checkout", "more");
        }
    }

    private static java.util.List<String> groups(VigilHarness app) {
        JsonNode g = app.get("/api/v1/rules").json().at("/data/groups");
        return StreamSupport.stream(g.spliterator(), false).map(x -> x.get("name").asText()).toList();
    }
}
