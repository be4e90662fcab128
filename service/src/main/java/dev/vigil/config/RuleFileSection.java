package dev.vigil.config;

import dev.vigil.promql.Expr;
import dev.vigil.promql.ParseException;
import dev.vigil.promql.Parser;
import dev.vigil.rule.Rule;
import dev.vigil.rule.RuleGroup;
import dev.vigil.template.AlertTemplates;
import dev.vigil.template.TemplateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a Prometheus rule file ({@code groups:}) strictly, as promtool check rules does, reporting every bad
 * expression (at its character), duration, template and key with its position.
 */
public final class RuleFileSection {
    private static final Set<String> GROUP_KEYS = Set.of("name", "interval", "limit", "labels", "rules");
    private static final Set<String> RULE_KEYS = Set.of("alert", "record", "expr", "for", "keep_firing_for", "labels",
            "annotations");
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private RuleFileSection() {
    }

    /** The groups of one file; problems go to the value's problem list. */
    public static List<RuleGroup> read(YamlValue groupsValue, String file) {
        List<RuleGroup> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (YamlValue g : groupsValue.list()) {
            g.map(GROUP_KEYS).ifPresent(m -> m.requiredText("name").ifPresent(name -> {
                if (!names.add(name)) {
                    m.get("name").orElseThrow().error("group name \"" + name + "\" is repeated in the same file");
                }
                Optional<Duration> interval = m.duration("interval");
                int limit = m.get("limit").flatMap(YamlValue::integer).orElse(0);
                Map<String, String> labels = labels(m, "labels");
                List<Rule> rules = new ArrayList<>();
                m.list("rules").forEach(r -> r.map(RULE_KEYS).flatMap(RuleFileSection::rule).ifPresent(rules::add));
                out.add(new RuleGroup(name, file, interval, limit, labels, rules));
            }));
        }
        return out;
    }

    private static Optional<Rule> rule(YamlMap m) {
        Optional<String> alert = m.text("alert");
        Optional<String> record = m.text("record");
        if (alert.isPresent() == record.isPresent()) {
            m.self().error(alert.isPresent() ? "only one of \"record\" and \"alert\" may be set"
                    : "one of \"record\" or \"alert\" must be set");
            return Optional.empty();
        }
        Optional<Expr> expr = m.required("expr").flatMap(v -> v.text().flatMap(text -> {
            try {
                return Optional.of(Parser.parse(text));
            } catch (ParseException e) {
                v.errorAt(e.position(), "could not parse expression: " + e.getMessage());
                return Optional.empty();
            }
        }));
        String exprText = m.text("expr").orElse("");
        Map<String, String> labels = labels(m, "labels");
        if (record.isPresent()) {
            YamlValue at = m.get("record").orElseThrow();
            if (!METRIC_NAME.matcher(record.get()).matches()) {
                at.error("invalid recording rule name: " + record.get());
            }
            for (String k : List.of("annotations", "for", "keep_firing_for")) {
                m.get(k).ifPresent(v -> v.error("invalid field '" + k + "' in recording rule"));
            }
            return expr.map(e -> new Rule.Recording(record.get(), e, exprText, labels));
        }
        Map<String, String> annotations = labels(m, "annotations");
        String name = alert.get();
        for (String key : List.of("labels", "annotations")) {
            m.values(key).forEach((k, v) -> {
                if (!v.isNull()) {
                    v.text().ifPresent(t -> template(v, "__alert_" + name, t));
                }
            });
        }
        Duration forDuration = m.duration("for").orElse(Duration.ZERO);
        Duration keep = m.duration("keep_firing_for").orElse(Duration.ZERO);
        return expr.map(e -> new Rule.Alerting(name, e, exprText, forDuration, keep, labels, annotations));
    }

    private static void template(YamlValue at, String name, String text) {
        try {
            AlertTemplates.check(name, text);
        } catch (TemplateException e) {
            at.error(e.getMessage());
        }
    }

    /** A rule's labels or annotations; a key without a value is "" (an empty label is dropped from what it makes). */
    private static Map<String, String> labels(YamlMap m, String key) {
        Map<String, String> out = new LinkedHashMap<>(m.stringMapNullAsEmpty(key));
        m.get(key).ifPresent(v -> out.keySet().stream().filter(k -> !LABEL_NAME.matcher(k).matches())
                .forEach(k -> v.error("invalid label name: " + k)));
        return out;
    }
}
