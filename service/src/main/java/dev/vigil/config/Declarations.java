package dev.vigil.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every id defined across the files of rules/ and every reference to one, so duplicates and dangling
 * references are found after all files are read, whichever file declares what.
 */
final class Declarations {
    private record Reference(String kind, String name, YamlValue at) {
    }

    private final Map<String, Map<String, Position>> defined = new HashMap<>();
    private final List<Reference> references = new ArrayList<>();

    /** Records a definition; a second one of the same kind and name is reported. Returns whether it was new. */
    boolean define(String kind, String name, YamlValue at) {
        Map<String, Position> names = defined.computeIfAbsent(kind, k -> new LinkedHashMap<>());
        Position first = names.get(name);
        if (first != null) {
            at.error(kind + " \"" + name + "\" is already defined at " + first.file() + ":" + first.line() + ":" + first.col());
            return false;
        }
        names.put(name, at.position());
        return true;
    }

    /** Adds names defined outside rules/ (runbook files). */
    void defineAll(String kind, Set<String> names) {
        Map<String, Position> m = defined.computeIfAbsent(kind, k -> new LinkedHashMap<>());
        names.forEach(n -> m.putIfAbsent(n, new Position("", 0, 0)));
    }

    void refer(String kind, String name, YamlValue at) {
        references.add(new Reference(kind, name, at));
    }

    /** Reports every reference to an undefined name, with the closest known one. */
    void checkReferences() {
        for (Reference r : references) {
            Set<String> names = defined.getOrDefault(r.kind(), Map.of()).keySet();
            if (!names.contains(r.name())) {
                r.at().error(r.kind() + " \"" + r.name() + "\" is not defined" + Suggestions.hint(r.name(), names));
            }
        }
    }
}
