package dev.vigil.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.ResourceHelpers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * promtool 2.42 (Debian's {@code prometheus} package; .ci/run installs it) as the oracle: each test file is run by
 * {@code promtool test rules} and by {@code vigil test-rules} from the same folder, stdout and stderr merged as a
 * terminal shows them, and every file's output must be byte-identical, failures included. The cases under
 * {@code promtool/cases/} are one per class of difference found (YAML as YAML, Go's regular expressions,
 * Prometheus's arithmetic, test-rules' own behaviour); the rule files they load end in {@code -rules.yml}.
 */
class PromtoolDifferentialTest {

    @Test
    void everyCaseFilePrintsWhatPromtoolPrints() throws Exception {
        Path dir = Path.of(ResourceHelpers.resourceFilePath("promtool/cases"));
        List<String> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yml") && !n.endsWith("-rules.yml"))
                    .sorted().toList();
        }
        assertThat(files).isNotEmpty();
        assertThat(differences(dir, files)).isEmpty();
    }

    @Test
    void generatedCasesPrintWhatPromtoolPrints() throws Exception {
        // A fixed seed: a difference found here is found again; bench/differential.sh runs other seeds, longer.
        Path dir = Files.createDirectories(Path.of("target", "promtool-differential"));
        List<String> files = new PromqlCaseGenerator(20261201L).write(dir, 3, 100);
        assertThat(differences(dir, files)).isEmpty();
    }

    /** Each file whose output differs, with both outputs. */
    static List<String> differences(Path dir, List<String> files) throws Exception {
        List<String> promtool = new ArrayList<>(List.of("promtool", "test", "rules"));
        promtool.addAll(files);
        List<String> vigil = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.vigil.VigilApplication", "test-rules"));
        vigil.addAll(files);
        Map<String, String> expected = byFile(run(dir, promtool));
        Map<String, String> actual = byFile(run(dir, vigil));
        List<String> out = new ArrayList<>();
        for (String f : files) {
            String e = expected.getOrDefault(f, "(nothing)");
            String a = actual.getOrDefault(f, "(nothing)");
            if (!e.equals(a)) {
                out.add(f + ":\n--- promtool\n" + e + "--- vigil\n" + a);
            }
        }
        return out;
    }

    private static String run(Path dir, List<String> command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError(command.get(0) + " could not start: install Debian's prometheus package "
                    + "(.ci/run does)", e);
        }
        p.getOutputStream().close();
        byte[] bytes = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command.get(0) + " did not finish within 120 s");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The output of each file, split at promtool's "Unit Testing:  FILE" lines. */
    static Map<String, String> byFile(String output) {
        Map<String, String> out = new LinkedHashMap<>();
        String current = null;
        StringBuilder text = new StringBuilder();
        for (String line : output.split("(?<=\n)")) {
            if (line.startsWith("Unit Testing:  ")) {
                if (current != null) {
                    out.put(current, text.toString());
                }
                current = line.substring("Unit Testing:  ".length()).strip();
                text.setLength(0);
            }
            text.append(line);
        }
        if (current != null) {
            out.put(current, text.toString());
        }
        return out;
    }
}
