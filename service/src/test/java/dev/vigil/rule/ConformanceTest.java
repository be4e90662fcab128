package dev.vigil.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Prometheus's own PromQL test cases, as promtool unit tests (../shared/conformance/promql): every file passes
 * under promtool 2.42, and every one must pass under Vigil.
 */
class ConformanceTest {
    private static final Path SUITE = Path.of("../../shared/conformance/promql");

    @Test
    void everyPrometheusConformanceFilePasses() throws IOException {
        // CI always has shared/ beside the clone, so there a missing suite fails; a lone clone skips, saying why.
        if (System.getenv("CI") == null) {
            Assumptions.assumeTrue(Files.isDirectory(SUITE), "the PromQL conformance suite is not at "
                    + SUITE.toAbsolutePath().normalize() + " (the project's shared/ folder beside this repository)");
        }
        assertThat(SUITE).as("the conformance suite beside the repository (shared/conformance/promql)").isDirectory();
        List<Path> files;
        try (Stream<Path> s = Files.list(SUITE)) {
            files = s.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(300);
        StringBuilder failures = new StringBuilder();
        for (Path f : files) {
            List<String> errors = RuleUnitTest.run(f);
            if (!errors.isEmpty()) {
                failures.append(f.getFileName()).append(":\n").append(String.join("\n", errors)).append('\n');
            }
        }
        assertThat(failures.toString()).isEmpty();
    }
}
