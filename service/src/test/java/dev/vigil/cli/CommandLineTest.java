package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.VigilProcess;
import io.dropwizard.testing.ResourceHelpers;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code check} and {@code server} as a user runs them: a real JVM, its output and its exit code. */
class CommandLineTest {
    private record Run(int exit, String out, String err) {
    }

    @Test
    void checkPassesOnTheShippedRules() throws Exception {
        Run r = vigil("-Ddw.rulesPath=../rules", "-Ddw.runbooksPath=../runbooks", "check", "../config.yml");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("OK: ");
    }

    @Test
    void checkPrintsEveryProblemAndExitsOne() throws Exception {
        String golden = ResourceHelpers.resourceFilePath("golden/typos");
        Run r = vigil("-Ddw.rulesPath=" + golden + "/rules", "-Ddw.runbooksPath=" + golden + "/runbooks",
                "check", "../config.yml");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("org.yml:7:24: teams[0].escalation_policy: escalation_policy \"ingest-default\" "
                + "is not defined (did you mean \"ingestion-default\"?)");
        assertThat(r.out().lines().count()).isEqualTo(10);
        assertThat(r.err()).contains("10 errors found").doesNotContain("at dev.vigil");
    }

    @Test
    void serverRefusesToStartWithTheSameReport() throws Exception {
        String golden = ResourceHelpers.resourceFilePath("golden/typos");
        Run r = vigil("-Ddw.rulesPath=" + golden + "/rules", "-Ddw.runbooksPath=" + golden + "/runbooks",
                "-Ddw.database.url=jdbc:h2:mem:refused", "-Ddw.server.applicationConnectors[0].port=0",
                "-Ddw.server.adminConnectors[0].port=0", "server", "../config.yml");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("did you mean \"ingestion-default\"?", "10 errors in rules/: Vigil did not start")
                .doesNotContain("at dev.vigil");
    }

    @Test
    void oncallPrintsOneLinePerInstant() throws Exception {
        Run r = vigil("-Ddw.rulesPath=../rules", "-Ddw.runbooksPath=../runbooks", "oncall", "../config.yml",
                "--schedule", "ingestion-primary", "--at", "2026-11-23T10:00:00Z", "--at", "2026-11-22T02:00:00Z",
                "--at", "2026-10-01T00:00:00+01:00");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("2026-11-23T10:00:00Z\talice\n2026-11-22T02:00:00Z\terin\n"
                + "2026-10-01T00:00:00+01:00\t-\n");
        Run typo = vigil("-Ddw.rulesPath=../rules", "-Ddw.runbooksPath=../runbooks", "oncall", "../config.yml",
                "--schedule", "ingestion-primry", "--at", "2026-11-23T10:00:00Z");
        assertThat(typo.exit()).isEqualTo(1);
        assertThat(typo.err()).contains("did you mean \"ingestion-primary\"?").doesNotContain("at dev.vigil");
    }

    @Test
    void aBadConfigYmlValueIsNamed() throws Exception {
        Run r = vigil("-Ddw.auth.tokens[0].role=root", "-Ddw.rulesPath=../rules", "-Ddw.runbooksPath=../runbooks",
                "check", "../config.yml");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out() + r.err()).contains("auth.tokens[0].role", "must be one of read, respond, admin, ingest");
    }

    private static Run vigil(String... args) throws IOException, InterruptedException {
        VigilProcess p = VigilProcess.start(Map.of(), args);
        int exit = p.waitForExit();
        return new Run(exit, p.out(), p.err());
    }
}
