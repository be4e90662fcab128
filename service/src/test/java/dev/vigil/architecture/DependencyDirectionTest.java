package dev.vigil.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point one way (STYLE.md): the domain packages never import the web framework, the
 * database library, the scheduler, the metrics client or the Slack SDK; adapters depend on the domain.
 */
class DependencyDirectionTest {
    private static final Path ROOT = Path.of("src/main/java/dev/vigil");
    private static final Set<String> DOMAIN = Set.of("label", "time", "config", "alert", "routing", "incident", "handoff",
            "oncall", "escalation", "notify", "probe", "release", "runbook", "command");
    private static final List<String> FORBIDDEN = List.of("import io.dropwizard", "import jakarta.ws", "import org.jdbi",
            "import org.quartz", "import com.slack", "import io.prometheus", "import org.glassfish", "import java.sql",
            "import dev.vigil.store", "import dev.vigil.api", "import dev.vigil.jobs", "import dev.vigil.metrics",
            "import dev.vigil.cli", "import dev.vigil.notify.slack", "import dev.vigil.VigilApplication",
            "import dev.vigil.VigilConfiguration");

    @Test
    void theDomainImportsNoFrameworkAndNoAdapter() throws IOException {
        List<String> violations = new ArrayList<>();
        for (String pkg : DOMAIN) {
            try (Stream<Path> files = Files.list(ROOT.resolve(pkg))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    for (String line : Files.readAllLines(f)) {
                        if (FORBIDDEN.stream().anyMatch(line::startsWith)) {
                            violations.add(ROOT.relativize(f) + ": " + line);
                        }
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void noDomainCodeReadsTheWallClock() throws IOException {
        List<String> violations = new ArrayList<>();
        for (String pkg : DOMAIN) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(pkg))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String text = Files.readString(f);
                    if (text.contains("Instant.now()") || text.contains("System.currentTimeMillis()")
                            || text.contains("Clock.systemUTC()")) {
                        violations.add(ROOT.relativize(f).toString());
                    }
                }
            }
        }
        assertThat(violations).as("take an InstantSource instead").isEmpty();
    }
}
