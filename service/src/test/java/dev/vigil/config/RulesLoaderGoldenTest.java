package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.runbook.RunbookCatalog;
import io.dropwizard.testing.ResourceHelpers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Golden files: a bad rules/ tree beside the exact report {@code check} must print for it. */
class RulesLoaderGoldenTest {

    @ParameterizedTest(name = "golden/{0}")
    @ValueSource(strings = {"typos", "shapes"})
    void reportsEveryProblemWithItsPosition(String name) throws IOException {
        Path dir = Path.of(ResourceHelpers.resourceFilePath("golden/" + name));
        RulesLoader.Result result = load(dir.resolve("rules"), dir.resolve("runbooks"));
        List<String> report = result.problems().stream().map(Problem::toString)
                .map(line -> line.replace(dir + "/", "")).toList();
        assertThat(result.ok()).isFalse();
        assertThat(report).containsExactlyElementsOf(Files.readAllLines(dir.resolve("expected.txt")));
    }

    @Test
    void theShippedRulesAndRunbooksPassWithoutWarnings() {
        RulesLoader.Result result = load(Path.of("../rules"), Path.of("../runbooks"));
        assertThat(result.problems()).isEmpty();
        RuleSet rules = result.rules().orElseThrow();
        assertThat(rules.teams()).isNotEmpty();
        assertThat(rules.pipelines()).containsKey("data-release");
    }

    @Test
    void aMissingRulesFolderIsReported() {
        RulesLoader.Result result = load(Path.of("target/no-such-rules"), Path.of("target/no-such-runbooks"));
        assertThat(result.problems()).extracting(Problem::toString)
                .contains("target/no-such-rules: rules folder does not exist");
    }

    @Test
    void anEmptyRulesFolderNeedsARoute() throws IOException {
        Path empty = Files.createTempDirectory(Files.createDirectories(Path.of("target", "tmp")), "rules");
        assertThat(load(empty, empty).problems()).extracting(Problem::message)
                .containsExactly("no route: declared (expected: one file with a route tree whose root names a team)");
    }

    private static RulesLoader.Result load(Path rules, Path runbooks) {
        return RulesLoader.load(rules, RunbookCatalog.scan(runbooks, "http://localhost/").ids());
    }
}
