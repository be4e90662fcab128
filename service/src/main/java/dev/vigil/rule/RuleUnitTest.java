package dev.vigil.rule;

import dev.vigil.config.Problem;
import dev.vigil.config.RuleFiles;
import dev.vigil.time.PromDuration;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * One rule unit-test file in promtool's {@code test rules} format: its rule files (relative to it, globs
 * allowed), evaluation interval and group order, and its test groups. Returns promtool's messages for each
 * failure; an empty list is SUCCESS.
 */
public final class RuleUnitTest {
    static final long DEFAULT_INTERVAL_MS = 60_000;

    private RuleUnitTest() {
    }

    public static List<String> run(Path file) {
        return run(file, warning -> { });
    }

    /**
     * The same, telling {@code warnings} what promtool warns about and passes: a {@code rule_files} entry that
     * matches no file ({@code "  WARNING: no file match pattern DIR/PATTERN"}); the test then runs without it.
     */
    public static List<String> run(Path file, java.util.function.Consumer<String> warnings) {
        Map<?, ?> doc;
        try {
            PromtoolYaml.Read read = PromtoolYaml.read(Files.readString(file));
            if (!read.error().isEmpty()) {
                return List.of(read.error());
            }
            if (!(read.doc() instanceof Map<?, ?> m)) {
                return List.of("    " + file + ": expected a map with rule_files, evaluation_interval and tests");
            }
            doc = m;
        } catch (IOException | YAMLException e) {
            return List.of("    " + file + ": " + e.getMessage());
        }
        List<String> errors = new ArrayList<>();
        List<RuleGroup> groups = new ArrayList<>();
        Path dir = file.toAbsolutePath().getParent();
        for (Object pattern : list(doc.get("rule_files"))) {
            List<Path> matched = glob(dir, String.valueOf(pattern), errors);
            if (matched.isEmpty()) {
                Path shown = file.getParent() == null ? Path.of(String.valueOf(pattern))
                        : file.getParent().resolve(String.valueOf(pattern));
                warnings.accept("  WARNING: no file match pattern " + shown);
            }
            for (Path p : matched) {
                RuleFiles.Result r = RuleFiles.load(p, String.valueOf(dir.relativize(p)));
                r.problems().stream().filter(x -> x.severity() == Problem.Severity.ERROR)
                        .forEach(x -> errors.add("    " + x));
                groups.addAll(r.groups());
            }
        }
        if (!errors.isEmpty()) {
            return errors;
        }
        orderGroups(groups, list(doc.get("group_eval_order")));
        long evalInterval = doc.get("evaluation_interval") == null ? DEFAULT_INTERVAL_MS
                : PromDuration.parse(String.valueOf(doc.get("evaluation_interval"))).toMillis();
        for (Object t : list(doc.get("tests"))) {
            if (t instanceof Map<?, ?> group) {
                errors.addAll(new TestGroupRun(group, groups, evalInterval).run());
            }
        }
        return errors;
    }

    private static void orderGroups(List<RuleGroup> groups, List<?> order) {
        if (order.isEmpty()) {
            return;
        }
        List<String> names = order.stream().map(String::valueOf).toList();
        groups.sort(Comparator.comparingInt(g -> names.indexOf(g.name()) < 0 ? Integer.MAX_VALUE : names.indexOf(g.name())));
    }

    private static List<Path> glob(Path dir, String pattern, List<String> errors) {
        if (!pattern.contains("*") && !pattern.contains("?") && !pattern.contains("[")) {
            Path p = dir.resolve(pattern);
            return Files.isRegularFile(p) ? List.of(p) : List.of();
        }
        Path full = dir.resolve(pattern);
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(full.getParent(), full.getFileName().toString())) {
            s.forEach(out::add);
        } catch (java.nio.file.NoSuchFileException e) {
            return List.of(); // a folder that does not exist matches nothing, as for Go's filepath.Glob
        } catch (IOException e) {
            errors.add("    " + pattern + ": " + e.getMessage());
        }
        out.sort(null);
        return out;
    }

    static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }
}
