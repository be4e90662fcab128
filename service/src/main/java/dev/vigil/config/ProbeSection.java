package dev.vigil.config;

import dev.vigil.probe.Condition;
import dev.vigil.probe.Placeholder;
import dev.vigil.probe.ProbeAlertSpec;
import dev.vigil.probe.ProbeSpec;
import dev.vigil.probe.ProbeTarget;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code probes:} (SPEC §3.2): the keys each type takes, its conditions checked against what it observes. */
final class ProbeSection {
    private static final Set<String> COMMON = Set.of("name", "type", "interval", "timeout", "conditions", "labels",
            "alert");
    private static final Map<String, Set<String>> TYPE_KEYS = Map.of(
            "http", Set.of("url", "method", "headers", "body", "follow_redirects"),
            "tcp", Set.of("target", "send", "expect"),
            "tls", Set.of("target", "server_name", "ca_file"),
            "dns", Set.of("query", "record_type", "server"),
            "sql", Set.of("dsn_env", "query"),
            "heartbeat", Set.of("expect_every"));
    private static final Set<String> PROBE_KEYS = allKeys();
    private static final Set<String> ALERT_KEYS = Set.of("for", "severity", "runbook");
    private static final Set<String> TYPES = TYPE_KEYS.keySet();
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9a-fA-F:.]+\\]|[^:\\s/\\[\\]]+):(\\d{1,5})");

    private final Declarations declarations;

    ProbeSection(Declarations declarations) {
        this.declarations = declarations;
    }

    private static Set<String> allKeys() {
        Set<String> all = new java.util.HashSet<>(COMMON);
        TYPE_KEYS.values().forEach(all::addAll);
        return Set.copyOf(all);
    }

    void probes(YamlValue list, Map<String, ProbeSpec> out) {
        for (YamlValue item : list.list()) {
            // Which keys a probe takes depends on its type: checked once the type is read.
            item.map(null).ifPresent(m -> m.requiredText("name").ifPresent(name -> {
                Optional<ProbeSpec> spec = probe(m, name);
                if (declarations.define("probe", name, m.get("name").orElseThrow()) && spec.isPresent()) {
                    out.put(name, spec.get());
                }
            }));
        }
    }

    private Optional<ProbeSpec> probe(YamlMap m, String name) {
        String type = m.requiredText("type").orElse("");
        if (!TYPES.contains(type)) {
            m.onlyKeys(PROBE_KEYS);
            if (!type.isEmpty()) {
                m.get("type").orElseThrow().error("\"" + type + "\" is not a probe type" + Suggestions.hint(type, TYPES)
                        + " (expected: http, tcp, tls, dns, sql or heartbeat)");
            }
            return Optional.empty();
        }
        Set<String> own = new java.util.HashSet<>(COMMON);
        own.addAll(TYPE_KEYS.get(type));
        m.onlyKeys(own);
        Duration interval = positive(m, "interval", Duration.ofSeconds(30));
        Duration timeout = positive(m, "timeout", Duration.ofSeconds(10));
        Optional<ProbeTarget> target = switch (type) {
            case "http" -> m.required("url").flatMap(v -> v.text().filter(u -> validUrl(u, v))).map(url ->
                    new ProbeTarget.Http(url, m.text("method").orElse("GET"), m.stringMap("headers"),
                            m.text("body").orElse(""), m.bool("follow_redirects", true)));
            case "tcp" -> hostPort(m).map(hp -> new ProbeTarget.Tcp(hp.getKey(), hp.getValue(),
                    m.text("send").orElse(""), m.text("expect").orElse("")));
            case "tls" -> hostPort(m).map(hp -> new ProbeTarget.Tls(hp.getKey(), hp.getValue(),
                    m.text("server_name").orElse(""), m.text("ca_file").orElse("")));
            case "dns" -> dns(m);
            case "sql" -> sql(m);
            default -> heartbeat(m, name);
        };
        List<Condition> conditions = new ArrayList<>();
        for (YamlValue c : m.list("conditions")) {
            c.text().ifPresent(t -> {
                try {
                    Condition parsed = Condition.parse(t);
                    Set<Placeholder> observed = ProbeTarget.placeholders(type);
                    if (observed.isEmpty()) {
                        throw new IllegalArgumentException(type + " probes take no conditions (they fail when no "
                                + "ping came for expect_every)");
                    }
                    parsed.placeholders().stream().filter(p -> !observed.contains(p)).findFirst().ifPresent(p -> {
                        throw new IllegalArgumentException("\"" + t + "\": " + type + " probes do not observe [" + p
                                + "] (they observe: " + observed.stream().map(x -> "[" + x + "]").sorted()
                                .collect(java.util.stream.Collectors.joining(", ")) + ")");
                    });
                    conditions.add(parsed);
                } catch (IllegalArgumentException e) {
                    c.error(e.getMessage());
                }
            });
        }
        if (m.get("conditions").isEmpty()) {
            target.ifPresent(tg -> tg.defaultConditions().forEach(c -> conditions.add(Condition.parse(c))));
        }
        Map<String, String> labels = m.stringMap("labels");
        m.get("labels").ifPresent(v -> labels.keySet().stream().filter(k -> !LABEL_NAME.matcher(k).matches())
                .forEach(k -> v.error("\"" + k + "\" is not a label name (expected: [a-zA-Z_][a-zA-Z0-9_]*)")));
        Optional<ProbeAlertSpec> alert = m.get("alert").flatMap(v -> v.map(ALERT_KEYS)).map(a -> {
            a.get("runbook").ifPresent(r -> r.text().ifPresent(id -> declarations.refer("runbook", id, r)));
            return new ProbeAlertSpec(a.duration("for").orElse(Duration.ZERO), a.text("severity").orElse("page"),
                    a.text("runbook").orElse(""));
        });
        return target.map(t -> new ProbeSpec(name, t, interval, timeout, conditions, labels, alert));
    }

    /** {@code target: host:port}. */
    private static Optional<Map.Entry<String, Integer>> hostPort(YamlMap m) {
        return m.required("target").flatMap(v -> v.text().flatMap(t -> {
            java.util.regex.Matcher hp = HOST_PORT.matcher(t);
            int port = hp.matches() ? Integer.parseInt(hp.group(2)) : 0;
            if (port < 1 || port > 65535) {
                v.error("\"" + t + "\" is not host:port (expected: e.g. db.internal:5432)");
                return Optional.empty();
            }
            String host = hp.group(1).startsWith("[") ? hp.group(1).substring(1, hp.group(1).length() - 1) : hp.group(1);
            return Optional.of(Map.entry(host, port));
        }));
    }

    private static Optional<ProbeTarget> dns(YamlMap m) {
        Optional<String> query = m.requiredText("query");
        String type = m.text("record_type").orElse("A").toUpperCase(java.util.Locale.ROOT);
        if (!ProbeTarget.Dns.RECORD_TYPES.contains(type)) {
            m.get("record_type").orElseThrow().error("\"" + type + "\" is not a record type a dns probe asks for "
                    + "(expected: " + String.join(", ", ProbeTarget.Dns.RECORD_TYPES) + ")");
            return Optional.empty();
        }
        String server = m.text("server").orElse("");
        if (!server.isEmpty() && !server.matches("[^\\s/:]+(:\\d{1,5})?|\\[[0-9a-fA-F:.]+\\](:\\d{1,5})?")) {
            m.get("server").orElseThrow().error("\"" + server + "\" is not host or host:port (expected: e.g. "
                    + "10.0.0.2:53)");
            return Optional.empty();
        }
        return query.map(q -> new ProbeTarget.Dns(q, type, server));
    }

    private static Optional<ProbeTarget> sql(YamlMap m) {
        Optional<String> env = m.requiredText("dsn_env");
        Optional<String> query = m.requiredText("query");
        if (env.isPresent() && !ENV_NAME.matcher(env.get()).matches()) {
            // Not echoed: what is written here by mistake is often the URL itself, password included.
            m.get("dsn_env").orElseThrow().error("not the name of an environment variable (expected: e.g. ORDERS_DB_URL;"
                    + " the JDBC URL itself never goes in rules/: put it in a variable and name that)");
            return Optional.empty();
        }
        return env.flatMap(e -> query.map(q -> new ProbeTarget.Sql(e, q)));
    }

    private static Optional<ProbeTarget> heartbeat(YamlMap m, String name) {
        Optional<YamlValue> every = m.required("expect_every");
        return every.flatMap(v -> v.duration().filter(d -> {
            if (d.isZero() || d.isNegative()) {
                v.error("must be more than 0");
                return false;
            }
            return true;
        })).map(d -> new ProbeTarget.Heartbeat(name, d));
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
