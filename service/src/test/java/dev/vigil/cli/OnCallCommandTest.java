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
 * {@code vigil oncall} sees the overrides stored through the API, on the default embedded PostgreSQL (from the
 * running server's database, or from one it starts once the server has stopped) and on an H2 file (by asking the
 * server that holds the file, or from the file); where there is no database it answers from rules/ without
 * creating one.
 */
class OnCallCommandTest {
    private static final String TOKEN = "oncall-test-token";

    private static final String EXPECTED = "2027-01-04T10:30:00Z\tbob\n2027-01-04T12:00:00Z\talice\n";

    @Test
    void storedOverridesApplyWhetherOrNotTheServerIsRunningOnTheEmbeddedPostgres() throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "kill")), "oncall");
        Path rules = rules(work);
        String db = ServerArgs.embeddedDatabase(work.resolve("postgres"));
        ServerArgs args = ServerArgs.on(rules, work.resolve("runbooks"), db);
        String port = args.appPort();
        VigilProcess server = args.start(Map.of("VIGIL_ADMIN_TOKEN", TOKEN));
        try {
            overrideAndAskWhileRunning(args, rules, work, db);
        } finally {
            server.stop();
        }
        assertThat(oncall(rules, work, port, db).out()).as("from a server it starts itself").isEqualTo(EXPECTED);

        Path nowhere = work.resolve("none");
        assertRulesOnlyAndNothingCreated(rules, work, port, nowhere, ServerArgs.embeddedDatabase(nowhere));
    }

    @Test
    void storedOverridesApplyWhetherOrNotTheServerIsRunningOnAnH2File() throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "kill")), "oncall");
        Path rules = rules(work);
        String[] db = ServerArgs.h2(work.resolve("db"));
        ServerArgs args = ServerArgs.on(rules, work.resolve("runbooks"), db);
        String port = args.appPort();
        VigilProcess server = args.start(Map.of("VIGIL_ADMIN_TOKEN", TOKEN));
        try {
            overrideAndAskWhileRunning(args, rules, work, db);
            Run wrongPort = oncall(rules, work, "-Ddw.server.applicationConnectors[0].port=" + VigilProcess.freePort(), db);
            assertThat(wrongPort.err()).contains("in use by a running Vigil, which did not answer at http://localhost:");
            assertThat(wrongPort.out()).as("rules/ only, and said so").contains("10:30:00Z\talice");
        } finally {
            server.stop();
        }
        assertThat(oncall(rules, work, port, db).out()).isEqualTo(EXPECTED);

        Path nowhere = work.resolve("none");
        assertRulesOnlyAndNothingCreated(rules, work, port, nowhere, ServerArgs.h2(nowhere.resolve("db")));
    }

    /** Stores an override through the running server's API; the command must see it, with no warning. */
    private static void overrideAndAskWhileRunning(ServerArgs args, Path rules, Path work, String... db) throws Exception {
        ProcessApi api = args.api(TOKEN);
        api.awaitHealthy();
        api.post("/api/v1/schedules/primary/overrides",
                "{\"user\": \"bob\", \"start\": \"2027-01-04T10:00:00Z\", \"end\": \"2027-01-04T11:00:00Z\"}");
        Run whileRunning = oncall(rules, work, args.appPort(), db);
        assertThat(whileRunning.err()).doesNotContain("warning");
        assertThat(whileRunning.out()).isEqualTo(EXPECTED);
    }

    /** Where there is no database, the answer is from rules/ alone, quietly, and none is created. */
    private static void assertRulesOnlyAndNothingCreated(Path rules, Path work, String port, Path nowhere, String... db)
            throws Exception {
        Run noDatabase = oncall(rules, work, port, db);
        assertThat(noDatabase.out()).isEqualTo("2027-01-04T10:30:00Z\talice\n2027-01-04T12:00:00Z\talice\n");
        assertThat(noDatabase.err()).doesNotContain("warning");
        assertThat(nowhere).as("the command creates no database").doesNotExist();
    }

    private static Path rules(Path work) throws java.io.IOException {
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
        return rules;
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run oncall(Path rules, Path work, String port, String... db) throws Exception {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(db));
        args.addAll(java.util.List.of(port, "-Ddw.rulesPath=" + rules,
                "-Ddw.runbooksPath=" + work.resolve("runbooks"), "oncall", "../config.yml", "--schedule", "primary",
                "--at", "2027-01-04T10:30:00Z", "--at", "2027-01-04T12:00:00Z"));
        VigilProcess p = VigilProcess.start(Map.of(), args.toArray(String[]::new));
        int exit = p.waitForExit();
        assertThat(exit).as(p.err()).isZero();
        return new Run(exit, p.out(), p.err());
    }
}
