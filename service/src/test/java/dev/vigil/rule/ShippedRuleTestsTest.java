package dev.vigil.rule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.RulesLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The unit tests shipped beside the example rules (rules/**&#47;*.test.yml) pass, so CI runs them. */
class ShippedRuleTestsTest {

    @Test
    void everyShippedRuleUnitTestPasses() throws IOException {
        List<Path> tests;
        try (Stream<Path> s = Files.walk(Path.of("../rules"))) {
            tests = s.filter(RulesLoader::isUnitTest).sorted().toList();
        }
        assertThat(tests).isNotEmpty();
        for (Path t : tests) {
            assertThat(RuleUnitTest.run(t)).as(t.toString()).isEmpty();
        }
    }
}
