package dev.vigil.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which rule files a unit-test file names, and what happens when one matches nothing (as promtool 2.42 does). */
class RuleUnitTestFilesTest {
    @Test
    void aRuleFileThatMatchesNothingIsAWarningAndTheTestsRunWithoutIt() throws IOException {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "tmp")), "unit");
        Path test = dir.resolve("tests.yaml");
        Files.writeString(test, """
                rule_files: [prometheus_alerts.yaml, 'more/*.yml']
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series: [{series: 'up{job="a"}', values: '1x5'}]
                    alert_rule_test: [{eval_time: 5m, alertname: Down, exp_alerts: []}]
                """);
        List<String> warnings = new ArrayList<>();
        assertThat(RuleUnitTest.run(test, warnings::add)).isEmpty();
        assertThat(warnings).containsExactly("  WARNING: no file match pattern " + dir.resolve("prometheus_alerts.yaml"),
                "  WARNING: no file match pattern " + dir.resolve("more/*.yml"));
    }
}
