package dev.vigil.rule;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * A promtool unit-test file read as promtool 2.42 reads it, with Go's yaml.v2 {@code UnmarshalStrict} into its
 * structs: every field is a string (or a list or map of them) where promtool's is, so a scalar is its text as
 * written ({@code values: 0x720} is series notation, not the number 1824); {@code null}, {@code ~} and nothing are
 * null; merge keys ({@code <<: *anchor}) apply; a key promtool's structs do not have is yaml.v2's error.
 */
final class PromtoolYaml {
    /** promtool's structs: the type name yaml.v2 reports, its fields, and the type of each field that has one. */
    private record Type(String name, Set<String> fields, Map<String, Type> children) {
    }

    private static final Type SAMPLE = new Type("main.sample", Set.of("labels", "value"), Map.of());
    private static final Type PROMQL = new Type("main.promqlTestCase", Set.of("expr", "eval_time", "exp_samples"),
            Map.of("exp_samples", SAMPLE));
    private static final Type ALERT = new Type("main.alert", Set.of("exp_labels", "exp_annotations"), Map.of());
    private static final Type ALERT_TEST = new Type("main.alertTestCase", Set.of("eval_time", "alertname", "exp_alerts"),
            Map.of("exp_alerts", ALERT));
    private static final Type SERIES = new Type("main.series", Set.of("series", "values"), Map.of());
    private static final Type GROUP = new Type("main.testGroup", Set.of("interval", "input_series", "alert_rule_test",
            "promql_expr_test", "external_labels", "external_url", "name"),
            Map.of("input_series", SERIES, "alert_rule_test", ALERT_TEST, "promql_expr_test", PROMQL));
    private static final Type FILE = new Type("main.unitTestFile", Set.of("rule_files", "evaluation_interval",
            "group_eval_order", "tests"), Map.of("tests", GROUP));

    private PromtoolYaml() {
    }

    /** What a file held, or yaml.v2's error for it (then {@code doc} is null). */
    record Read(Object doc, String error) {
    }

    static Read read(String text) {
        Yaml yaml = yaml();
        Node root = yaml.compose(new StringReader(text));
        List<String> unknown = new ArrayList<>();
        if (root != null) {
            check(root, FILE, unknown);
        }
        if (!unknown.isEmpty()) {
            return new Read(null, "yaml: unmarshal errors:\n  " + String.join("\n  ", unknown));
        }
        return new Read(yaml.load(new StringReader(text)), "");
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        Resolver stringsOnly = new Resolver() {
            @Override
            protected void addImplicitResolvers() {
                addImplicitResolver(Tag.NULL, NULL, "~nN\0");
                addImplicitResolver(Tag.NULL, EMPTY, null);
                addImplicitResolver(Tag.MERGE, MERGE, "<");
            }
        };
        return new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(),
                options, stringsOnly);
    }

    private static final java.util.regex.Pattern YAML_FLOAT =
            java.util.regex.Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
    private static final Set<String> YAML_SPECIAL = Set.of(".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf",
            "-.Inf", "-.INF", ".nan", ".NaN", ".NAN");

    /** yaml.v2's error for a sample's value that is not a number (promtool's field is a float64). */
    private static java.util.Optional<String> notAFloat(Node value) {
        if (!(value instanceof ScalarNode v) || value.getTag().equals(Tag.NULL)) {
            return java.util.Optional.empty();
        }
        String text = v.getValue();
        String plain = text.replace("_", "");
        boolean number = v.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN
                && (goInt(text).isPresent() || YAML_FLOAT.matcher(plain).matches()
                || YAML_SPECIAL.contains(text));
        if (number) {
            return java.util.Optional.empty();
        }
        String kind = v.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN
                && Set.of("true", "false", "True", "False", "TRUE", "FALSE", "yes", "no", "on", "off").contains(text)
                ? "!!bool" : "!!str";
        return java.util.Optional.of("line " + (v.getStartMark().getLine() + 1) + ": cannot unmarshal " + kind + " `"
                + text + "` into float64");
    }

    /** Reports each key of {@code node} (a mapping of {@code type}, or a list of them) that the type lacks. */
    private static void check(Node node, Type type, List<String> unknown) {
        if (node instanceof SequenceNode s) {
            s.getValue().forEach(n -> check(n, type, unknown));
            return;
        }
        if (!(node instanceof MappingNode m)) {
            return;
        }
        for (NodeTuple t : dev.vigil.config.YamlMap.merged(m)) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                continue;
            }
            if (!type.fields().contains(k.getValue())) {
                unknown.add("line " + (k.getStartMark().getLine() + 1) + ": field " + k.getValue()
                        + " not found in type " + type.name());
            } else if (type == SAMPLE && k.getValue().equals("value")) {
                notAFloat(t.getValueNode()).ifPresent(unknown::add);
            } else if (type.children().containsKey(k.getValue())) {
                check(t.getValueNode(), type.children().get(k.getValue()), unknown);
            }
        }
    }

    /**
     * A plain YAML scalar as yaml.v2 reads an integer (Go's {@code strconv.ParseInt(s, 0, 64)} after dropping
     * underscores): {@code 0x1F} hexadecimal, {@code 0o17} or a leading 0 octal, {@code 0b101} binary.
     */
    static java.util.OptionalLong goInt(String text) {
        String s = text.replace("_", "");
        boolean negative = s.startsWith("-");
        String digits = negative || s.startsWith("+") ? s.substring(1) : s;
        int radix = 10;
        if (digits.length() > 2 && digits.charAt(0) == '0' && "xXoObB".indexOf(digits.charAt(1)) >= 0) {
            radix = switch (Character.toLowerCase(digits.charAt(1))) {
                case 'x' -> 16;
                case 'o' -> 8;
                default -> 2;
            };
            digits = digits.substring(2);
        } else if (digits.length() > 1 && digits.charAt(0) == '0') {
            radix = 8;
            digits = digits.substring(1);
        }
        try {
            long n = Long.parseLong(digits, radix);
            return java.util.OptionalLong.of(negative ? -n : n);
        } catch (NumberFormatException e) {
            return java.util.OptionalLong.empty();
        }
    }
}
