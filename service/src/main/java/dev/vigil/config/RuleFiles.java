package dev.vigil.config;

import dev.vigil.rule.RuleGroup;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/** Reads one Prometheus rule file on its own, as test-rules does for the files a unit test names. */
public final class RuleFiles {
    /** The groups, or the problems that stopped them. */
    public record Result(List<RuleGroup> groups, List<Problem> problems) {
    }

    private RuleFiles() {
    }

    public static Result load(Path path, String displayName) {
        Problems problems = new Problems();
        YamlFiles.Read read = YamlFiles.compose(path, displayName, problems);
        Node root = read.root();
        if (!read.readable()) {
            return new Result(List.of(), problems.sorted());
        }
        if (root == null) {
            return new Result(List.of(), List.of());
        }
        List<RuleGroup> groups = new YamlValue(root, displayName, "", problems).map(Set.of("groups"))
                .flatMap(m -> m.get("groups")).map(g -> RuleFileSection.read(g, displayName)).orElse(List.of());
        return new Result(problems.hasErrors() ? List.of() : groups, problems.sorted());
    }
}
