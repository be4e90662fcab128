package dev.vigil.config;

import dev.vigil.inhibit.InhibitRule;
import dev.vigil.label.Matcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code inhibit_rules:} as Alertmanager writes them: {@code source_matchers}, {@code target_matchers}, {@code equal}. */
final class InhibitSection {
    private static final Set<String> KEYS = Set.of("source_matchers", "target_matchers", "equal", "source_match",
            "source_match_re", "target_match", "target_match_re");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private InhibitSection() {
    }

    static void rules(YamlValue v, List<InhibitRule> into) {
        for (YamlValue item : v.list()) {
            item.map(KEYS).ifPresent(m -> {
                for (String old : List.of("source_match", "source_match_re", "target_match", "target_match_re")) {
                    m.get(old).ifPresent(x -> x.error("Alertmanager's deprecated " + old + " is not read (expected: "
                            + (old.startsWith("source") ? "source_matchers" : "target_matchers")
                            + ", e.g. ['alertname=\"ReleaseStepFailed\"'])"));
                }
                List<Matcher> source = MatcherList.read(m, "source_matchers");
                List<Matcher> target = MatcherList.read(m, "target_matchers");
                if (m.get("target_matchers").isEmpty()) {
                    m.self().error("an inhibit rule needs target_matchers (the alerts it mutes)");
                }
                List<String> equal = new ArrayList<>();
                for (YamlValue e : m.list("equal")) {
                    e.text().ifPresent(n -> {
                        if (LABEL_NAME.matcher(n).matches()) {
                            equal.add(n);
                        } else {
                            e.error("\"" + n + "\" is not a label name");
                        }
                    });
                }
                into.add(new InhibitRule(source, target, equal));
            });
        }
    }
}
