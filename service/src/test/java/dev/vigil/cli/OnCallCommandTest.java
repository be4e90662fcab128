package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.ProcessApi;
import dev.vigil.testing.ServerArgs;
import dev.vigil.testing.VigilProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code vigil oncall} sees the overrides stored through the API: while the server holds the H2 file (by asking
 * it), after it stopped (from the file), and none, without creating a database, where there is none.
 */
class OnCallCommandTest {
    private static final String TOKEN = "oncall-test-token";

    @Test
    void storedOverridesApplyWhetherOrNotTheServerIsRunning() throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "kill")), "oncall");
        Path rules = Files.createDirectories(work.resolve("rules"));
        Files.writeString(rules.resolve("org.yml"), """
                users: [{id: alice}, {id: bob}]
                teams: [{id: ops, slack_channel: C_OPS, escalation_policy: p}]
                schedules:
                  - id: primary
                    time_zone: UTC
                    layers: [{name: all, start: 2026-01-05T00:00, shift_length: 1w, members: [alice]}]
                escalation_policies: [{id: p, steps: [{targets: [schedule:primary], escalate_after: 5m}]}]
                route: {team: ops}
                """);
        // The command reads the same config.yml as the server: its database, and its port to ask it.
        String db = "-Ddw.database.url=jdbc:h2:file:" + work.toAbsolutePath() + "/db";
        ServerArgs args = ServerArgs.on(rules, work.resolve("runbooks"), db);
        String port = args.appPort();
        VigilProcess server = args.start(Map.of("VIGIL_ADMIN_TOKEN", TOKEN));
        String expected = "2027-01-04T10:30:00Z\tbob\n2027-01-04T12:00:00Z\talice\n";
        try {
            ProcessApi api = args.api(TOKEN);
            api.awaitHealthy();
            api.post("/api/v1/schedules/primary/overrides",
                    "{\"user\": \"bob\", \"start\": \"2027-01-04T10:00:00Z\", \"end\": \"2027-01-04T11:00:00Z\"}");
            Run whileRunning = oncall(rules, work, db, port);
            assertThat(whileRunning.err()).doesNotContain("warning");
            assertThat(whileRunning.out()).isEqualTo(expected);
            Run wrongPort = oncall(rules, work, db, "-Ddw.server.applicationConnectors[0].port=" + VigilProcess.freePort());
            assertThat(wrongPort.err()).contains("in use by a running Vigil, which did not answer at http://localhost:");
            assertThat(wrongPort.out()).as("rules/ only, and said so").contains("10:30:00Z\talice");
        } finally {
            server.stop();
        }
        assertThat(oncall(rules, work, db, port).out()).isEqualTo(expected);

        Path nowhere = work.resolve("none");
        Run noDatabase = oncall(rules, work, "-Ddw.database.url=jdbc:h2:file:" + nowhere.toAbsolutePath() + "/db", port);
        assertThat(noDatabase.out()).isEqualTo("2027-01-04T10:30:00Z\talice\n2027-01-04T12:00:00Z\talice\n");
        assertThat(noDatabase.err()).doesNotContain("warning");
        assertThat(nowhere).as("the command creates no database").doesNotExist();
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run oncall(Path rules, Path work, String db, String port) throws Exception {
        VigilProcess p = VigilProcess.start(Map.of(), db, port, "-Ddw.rulesPath=" + rules,
                "-Ddw.runbooksPath=" + work.resolve("runbooks"), "oncall", "../config.yml", "--schedule", "primary",
                "--at", "2027-01-04T10:30:00Z", "--at", "2027-01-04T12:00:00Z");
        int exit = p.waitForExit();
        assertThat(exit).as(p.err()).isZero();
        return new Run(exit, p.out(), p.err());
    }
}
