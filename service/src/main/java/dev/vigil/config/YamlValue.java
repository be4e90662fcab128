package dev.vigil.config;

import dev.vigil.time.PromDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML node with its place in the file and its path from the document root
 * ({@code teams[0].escalation_policy}); every shape error is reported to {@link Problems}, never thrown.
 */
public final class YamlValue {
    private final Node node;
    private final String file;
    private final String path;
    private final Problems problems;

    YamlValue(Node node, String file, String path, Problems problems) {
        this.node = node;
        this.file = file;
        this.path = path;
        this.problems = problems;
    }

    public Position position() {
        return new Position(file, node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1);
    }

    /**
     * The position of character {@code offset} inside this scalar's text, when the scalar sits on one line
     * (plain or quoted); otherwise the scalar's own position.
     */
    public Position positionOf(int offset) {
        if (node instanceof ScalarNode s && s.getStartMark().getLine() == s.getEndMark().getLine()
                && s.getScalarStyle() != org.yaml.snakeyaml.DumperOptions.ScalarStyle.LITERAL
                && s.getScalarStyle() != org.yaml.snakeyaml.DumperOptions.ScalarStyle.FOLDED) {
            int quote = s.getScalarStyle() == org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN ? 0 : 1;
            Position p = position();
            return new Position(p.file(), p.line(), p.col() + quote + offset);
        }
        return position();
    }

    /** Reports an error at character {@code offset} of this scalar's text. */
    public void errorAt(int offset, String message) {
        problems.error(positionOf(offset), path + ": " + message);
    }

    public String path() {
        return path;
    }

    /** Reports an error at this value, prefixed with its path. */
    public void error(String message) {
        problems.error(position(), path + ": " + message);
    }

    public void warning(String message) {
        problems.warning(position(), path + ": " + message);
    }

    Problems problems() {
        return problems;
    }

    String file() {
        return file;
    }

    public boolean isNull() {
        return node instanceof ScalarNode s && "tag:yaml.org,2002:null".equals(s.getTag().getValue());
    }

    /** The scalar's text, or empty (with an error) when this is a list or a map. */
    public Optional<String> text() {
        if (node instanceof ScalarNode s && !isNull()) {
            return Optional.of(s.getValue());
        }
        error("expected a single value, got " + kind());
        return Optional.empty();
    }

    public Optional<Duration> duration() {
        return text().flatMap(t -> {
            try {
                return Optional.of(PromDuration.parse(t));
            } catch (IllegalArgumentException e) {
                error(e.getMessage());
                return Optional.empty();
            }
        });
    }

    public Optional<Integer> integer() {
        return text().flatMap(t -> {
            try {
                return Optional.of(Integer.parseInt(t));
            } catch (NumberFormatException e) {
                error("\"" + t + "\" is not a whole number");
                return Optional.empty();
            }
        });
    }

    public Optional<Boolean> bool() {
        return text().flatMap(t -> switch (t) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> {
                error("\"" + t + "\" is not true or false");
                yield Optional.empty();
            }
        });
    }

    /** This value as a map whose keys must be among {@code known}; unknown keys are reported. */
    public Optional<YamlMap> map(Set<String> known) {
        if (node instanceof MappingNode m) {
            return Optional.of(new YamlMap(m, this, known));
        }
        error("expected a map, got " + kind());
        return Optional.empty();
    }

    public List<YamlValue> list() {
        if (node instanceof SequenceNode s) {
            List<YamlValue> out = new ArrayList<>();
            for (int i = 0; i < s.getValue().size(); i++) {
                out.add(new YamlValue(s.getValue().get(i), file, path + "[" + i + "]", problems));
            }
            return out;
        }
        if (!isNull()) {
            error("expected a list, got " + kind());
        }
        return List.of();
    }

    public List<String> strings() {
        return list().stream().map(YamlValue::text).flatMap(Optional::stream).toList();
    }

    private String kind() {
        if (node instanceof MappingNode) {
            return "a map";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return isNull() ? "nothing" : "\"" + ((ScalarNode) node).getValue() + "\"";
    }

    YamlValue child(Node n, String childPath) {
        return new YamlValue(n, file, childPath, problems);
    }
}
