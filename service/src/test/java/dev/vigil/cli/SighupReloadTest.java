package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.Await;
import dev.vigil.testing.ProcessApi;
import dev.vigil.testing.ServerArgs;
import dev.vigil.testing.VigilProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SIGHUP reloads rules/ in a running Vigil, as it does for Prometheus and Alertmanager. */
class SighupReloadTest {

    @Test
    void sighupAppliesANewRuleGroup() throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "sighup")), "rules");
        Path rules = work.resolve("rules");
        try (var files = Files.walk(Path.of("../rules"))) {
            for (Path p : files.toList()) {
                Path target = rules.resolve(Path.of("../rules").relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        ServerArgs server = ServerArgs.on(rules, Path.of("../runbooks"),
                ServerArgs.embeddedDatabase(work.resolve("postgres")));
        VigilProcess vigil = server.start(Map.of());
        ProcessApi api = server.api("");
        try {
            api.awaitHealthy();
            assertThat(api.getText("/api/v1/rules")).doesNotContain("sighup-group");
            if (sighupIgnored(vigil.pid())) {
                // Started under nohup (the signal mask is inherited, and a JVM cannot take SIGHUP back): Vigil
                // must say so at start rather than ignore reloads silently.
                assertThat(vigil.out()).contains("SIGHUP was ignored when Vigil started (nohup?)");
                return;
            }
            Files.writeString(rules.resolve("sighup.yml"), "groups:\n  - name: sighup-group\n    rules:\n"
                    + "      - record: x:up\n        expr: up\n");
            new ProcessBuilder("kill", "-HUP", String.valueOf(vigil.pid())).start().waitFor();
            try {
                Await.untilTrue(Duration.ofSeconds(20), "the new group after SIGHUP",
                        () -> api.getText("/api/v1/rules").contains("sighup-group"));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; Vigil's output:\n" + vigil.out() + vigil.err(), e);
            }
            // Whole, not half applied: the schedule too (Quartz on the signal's thread could not update it).
            assertThat(api.getText("/metrics")).contains("vigil_config_last_reload_successful 1.0");
            assertThat(vigil.out()).doesNotContain("scheduler could not be updated");
        } finally {
            vigil.stop();
        }
    }

    /** Whether the process ignores SIGHUP (bit 0 of SigIgn in /proc/PID/status). */
    private static boolean sighupIgnored(long pid) throws java.io.IOException {
        String mask = Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
                .filter(l -> l.startsWith("SigIgn:")).findFirst().orElseThrow().substring(7).trim();
        return (Long.parseLong(mask, 16) & 1) != 0;
    }
}
