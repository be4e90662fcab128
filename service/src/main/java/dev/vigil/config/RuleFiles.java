package dev.vigil.config;

import dev.vigil.rule.RuleGroup;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
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
        Node root;
        try (Reader r = Files.newBufferedReader(path)) {
            root = new Yaml(new LoaderOptions()).compose(r);
        } catch (MarkedYAMLException e) {
            var mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            problems.error(new Position(displayName, mark.getLine() + 1, mark.getColumn() + 1), "bad YAML: " + e.getProblem());
            return new Result(List.of(), problems.sorted());
        } catch (YAMLException | IOException e) {
            problems.error(new Position(displayName, 0, 0), "cannot read: " + e.getMessage());
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
