package dev.vigil.rule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.VigilProcess;
import io.dropwizard.testing.ResourceHelpers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * vigil test-rules against what promtool 2.42 printed for the same files (kept beside them): the expanding
 * notation, staleness, subqueries, failures, the E-format of values, the exit code; alerting rules with for
 * and keep_firing_for, templates and their functions, recording rules, ALERTS.
 */
class PromtoolOutputTest {

    @Test
    void alertsRecordingRulesAndTemplatesMatchPromtool() throws Exception {
        Path dir = Path.of(ResourceHelpers.resourceFilePath("promtool/alerts"));
        VigilProcess p = VigilProcess.startIn(dir, Map.of(), "test-rules", "test.yml");
        assertThat(p.waitForExit()).isEqualTo(1);
        assertThat(p.out()).isEqualTo(Files.readString(dir.resolve("test.promtool.stdout")));
        assertThat(p.err()).isEqualTo(Files.readString(dir.resolve("test.promtool.stderr")));
    }

    @Test
    void printsWhatPromtoolPrints() throws Exception {
        Path dir = Path.of(ResourceHelpers.resourceFilePath("promtool"));
        // promtool names the file as given; run from the folder so both name it "notation.yml".
        VigilProcess p = VigilProcess.startIn(dir, Map.of(), "test-rules", "notation.yml");
        int exit = p.waitForExit();
        assertThat(exit).isEqualTo(1);
        assertThat(p.out()).isEqualTo(Files.readString(dir.resolve("notation.promtool.stdout")));
        assertThat(p.err()).isEqualTo(Files.readString(dir.resolve("notation.promtool.stderr")));
    }
}
