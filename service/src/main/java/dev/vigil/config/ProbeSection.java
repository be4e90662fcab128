package dev.vigil.config;

import dev.vigil.probe.Condition;
import dev.vigil.probe.ProbeAlertSpec;
import dev.vigil.probe.ProbeSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code probes:} (SPEC §3.2). Only {@code http} probes run so far; other types are reported. */
final class ProbeSection {
    private static final Set<String> PROBE_KEYS = Set.of("name", "type", "url", "method", "headers", "body",
            "follow_redirects", "interval", "timeout", "conditions", "labels", "alert", "expect_every");
    private static final Set<String> ALERT_KEYS = Set.of("for", "severity", "runbook");
    private static final Set<String> TYPES = Set.of("http", "tcp", "tls", "dns", "heartbeat");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final Declarations declarations;

    ProbeSection(Declarations declarations) {
        this.declarations = declarations;
    }

    void probes(YamlValue list, Map<String, ProbeSpec> out) {
        for (YamlValue item : list.list()) {
            item.map(PROBE_KEYS).ifPresent(m -> m.requiredText("name").ifPresent(name -> {
                Optional<ProbeSpec> spec = probe(m, name);
                if (declarations.define("probe", name, m.get("name").orElseThrow()) && spec.isPresent()) {
                    out.put(name, spec.get());
                }
            }));
        }
    }

    private Optional<ProbeSpec> probe(YamlMap m, String name) {
        String type = m.requiredText("type").orElse("");
        if (!type.isEmpty() && !TYPES.contains(type)) {
            m.get("type").orElseThrow().error("\"" + type + "\" is not a probe type" + Suggestions.hint(type, TYPES)
                    + " (expected: http, tcp, tls, dns or heartbeat)");
            return Optional.empty();
        }
        if (!type.isEmpty() && !"http".equals(type)) {
            m.get("type").orElseThrow().error("\"" + type + "\" probes are not supported yet (only http)");
            return Optional.empty();
        }
        Optional<String> url = m.required("url").flatMap(v -> v.text().filter(u -> validUrl(u, v)));
        Duration interval = positive(m, "interval", Duration.ofSeconds(30));
        Duration timeout = positive(m, "timeout", Duration.ofSeconds(10));
        List<Condition> conditions = new ArrayList<>();
        for (YamlValue c : m.list("conditions")) {
            c.text().ifPresent(t -> {
                try {
                    conditions.add(Condition.parse(t));
                } catch (IllegalArgumentException e) {
                    c.error(e.getMessage());
                }
            });
        }
        if (m.get("conditions").isEmpty()) {
            conditions.add(Condition.parse("[STATUS] < 400"));
        }
        Map<String, String> labels = m.stringMap("labels");
        m.get("labels").ifPresent(v -> labels.keySet().stream().filter(k -> !LABEL_NAME.matcher(k).matches())
                .forEach(k -> v.error("\"" + k + "\" is not a label name (expected: [a-zA-Z_][a-zA-Z0-9_]*)")));
        Optional<ProbeAlertSpec> alert = m.get("alert").flatMap(v -> v.map(ALERT_KEYS)).map(a -> {
            a.get("runbook").ifPresent(r -> r.text().ifPresent(id -> declarations.refer("runbook", id, r)));
            return new ProbeAlertSpec(a.duration("for").orElse(Duration.ZERO), a.text("severity").orElse("page"),
                    a.text("runbook").orElse(""));
        });
        if (url.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ProbeSpec(name, type, url.get(), m.text("method").orElse("GET"),
                m.stringMap("headers"), m.text("body").orElse(""), m.bool("follow_redirects", true),
                interval, timeout, conditions, labels, alert));
    }

    private static Duration positive(YamlMap m, String key, Duration otherwise) {
        Duration d = m.duration(key).orElse(otherwise);
        if (d.isZero() || d.isNegative()) {
            m.get(key).orElseThrow().error("must be more than 0");
            return otherwise;
        }
        return d;
    }

    private static boolean validUrl(String u, YamlValue at) {
        try {
            URI uri = new URI(u);
            if ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) {
                return uri.getHost() != null;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        at.error("\"" + u + "\" is not an http(s) URL");
        return false;
    }
}
