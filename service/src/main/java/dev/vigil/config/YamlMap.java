package dev.vigil.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** A YAML map with a fixed set of allowed keys; unknown and repeated keys are reported when it is built. */
public final class YamlMap {
    private final YamlValue self;
    private final Map<String, YamlValue> entries = new LinkedHashMap<>();
    private final Map<String, YamlValue> keyValues = new LinkedHashMap<>();

    YamlMap(MappingNode node, YamlValue self, Set<String> known) {
        this.self = self;
        for (NodeTuple t : merged(node)) {
            YamlValue keyValue = self.child(t.getKeyNode(), self.path());
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                keyValue.error("a key must be a plain name");
                continue;
            }
            String key = k.getValue();
            String childPath = self.path().isEmpty() ? key : self.path() + "." + key;
            if (entries.containsKey(key)) {
                self.problems().error(keyValue.position(), childPath + ": repeated key");
            } else if (known != null && !known.contains(key)) {
                self.problems().error(keyValue.position(), childPath + ": unknown key" + Suggestions.hint(key, known)
                        + " (expected one of: " + String.join(", ", new TreeSet<>(known)) + ")");
            } else {
                entries.put(key, self.child(t.getValueNode(), childPath));
                keyValues.put(key, keyValue);
            }
        }
    }

    /**
     * The entries of a mapping with YAML's merge keys applied ({@code <<: *anchor}, {@code <<: [*a, *b]}), as Go's
     * yaml.v2 and SnakeYAML's constructor apply them: the mapping's own keys, then each merged mapping's keys it does
     * not have (an earlier mapping of a list before a later one). Merged values keep their own positions.
     */
    public static List<NodeTuple> merged(MappingNode node) {
        List<NodeTuple> own = new java.util.ArrayList<>();
        List<MappingNode> sources = new java.util.ArrayList<>();
        for (NodeTuple t : node.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getTag().equals(org.yaml.snakeyaml.nodes.Tag.MERGE)) {
                if (t.getValueNode() instanceof MappingNode m) {
                    sources.add(m);
                } else if (t.getValueNode() instanceof org.yaml.snakeyaml.nodes.SequenceNode seq) {
                    seq.getValue().stream().filter(MappingNode.class::isInstance).map(MappingNode.class::cast)
                            .forEach(sources::add);
                }
                continue;
            }
            own.add(t);
        }
        if (sources.isEmpty()) {
            return own;
        }
        Set<String> seen = new java.util.HashSet<>();
        own.forEach(t -> seen.add(key(t)));
        List<NodeTuple> out = new java.util.ArrayList<>(own);
        for (MappingNode source : sources) {
            for (NodeTuple t : merged(source)) {
                if (seen.add(key(t))) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    private static String key(NodeTuple t) {
        return t.getKeyNode() instanceof ScalarNode k ? k.getValue() : "";
    }

    public YamlValue self() {
        return self;
    }

    /**
     * Reports the keys not in {@code known} as unknown, where they are written, as a map read with {@code known}
     * would have: for a map whose keys depend on one of its values (a probe's on its type). Returns whether all were
     * known.
     */
    public boolean onlyKeys(Set<String> known) {
        boolean ok = true;
        for (Map.Entry<String, YamlValue> e : keyValues.entrySet()) {
            if (!known.contains(e.getKey())) {
                String childPath = self.path().isEmpty() ? e.getKey() : self.path() + "." + e.getKey();
                self.problems().error(e.getValue().position(), childPath + ": unknown key"
                        + Suggestions.hint(e.getKey(), known) + " (expected one of: "
                        + String.join(", ", new TreeSet<>(known)) + ")");
                ok = false;
            }
        }
        return ok;
    }

    public Set<String> keys() {
        return entries.keySet();
    }

    public Optional<YamlValue> get(String key) {
        YamlValue v = entries.get(key);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
    }

    /** The value at {@code key}, reporting its absence. */
    public Optional<YamlValue> required(String key) {
        Optional<YamlValue> v = get(key);
        if (v.isEmpty()) {
            self.error("missing required key \"" + key + "\"");
        }
        return v;
    }

    public Optional<String> requiredText(String key) {
        return required(key).flatMap(YamlValue::text);
    }

    public Optional<String> text(String key) {
        return get(key).flatMap(YamlValue::text);
    }

    public Optional<Duration> duration(String key) {
        return get(key).flatMap(YamlValue::duration);
    }

    public boolean bool(String key, boolean otherwise) {
        return get(key).flatMap(YamlValue::bool).orElse(otherwise);
    }

    public List<YamlValue> list(String key) {
        return get(key).map(YamlValue::list).orElse(List.of());
    }

    public List<String> strings(String key) {
        return get(key).map(YamlValue::strings).orElse(List.of());
    }

    /** The values of a map of strings, each with its own position, for errors that point at one entry. */
    public Map<String, YamlValue> values(String key) {
        Map<String, YamlValue> out = new LinkedHashMap<>();
        get(key).flatMap(v -> v.map(null)).ifPresent(m -> out.putAll(m.entries));
        return out;
    }

    /** A map of string to string, as {@code labels:} and {@code headers:} are. */
    public Map<String, String> stringMap(String key) {
        Map<String, String> out = new LinkedHashMap<>();
        get(key).flatMap(v -> v.map(null)).ifPresent(m ->
                m.entries.forEach((k, v) -> v.text().ifPresent(t -> out.put(k, t))));
        return out;
    }

    /** The same, where a key without a value ({@code job_name:}) is "", as Go's yaml.v2 reads it into a string. */
    public Map<String, String> stringMapNullAsEmpty(String key) {
        Map<String, String> out = new LinkedHashMap<>();
        get(key).flatMap(v -> v.map(null)).ifPresent(m -> m.entries.forEach((k, v) -> {
            if (v.isNull()) {
                out.put(k, "");
            } else {
                v.text().ifPresent(t -> out.put(k, t));
            }
        }));
        return out;
    }
}
