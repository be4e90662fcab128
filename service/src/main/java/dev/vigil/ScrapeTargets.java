package dev.vigil;

import dev.vigil.config.StartupRefusedException;
import dev.vigil.label.Labels;
import dev.vigil.scrape.Relabel;
import dev.vigil.scrape.Scraper;
import dev.vigil.time.PromDuration;
import dev.vigil.tls.TlsSettings;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The scrape targets config.yml declares, in Vigil's {@code scrape:} form and in Prometheus's {@code scrape_configs},
 * each with its interval; what is wrong is refused at start with the field's path.
 */
final class ScrapeTargets {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ScrapeTargets.class);
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern HOST_PORT = Pattern.compile("[^/\\s?#]+");

    /** A target and how often it is scraped. */
    record Scheduled(Scraper.Target target, Duration interval) {
    }

    private ScrapeTargets() {
    }

    static List<Scheduled> of(VigilConfiguration config) {
        Map<String, Scheduled> out = new LinkedHashMap<>();
        for (int j = 0; j < config.scrape.size(); j++) {
            VigilConfiguration.ScrapeJob job = config.scrape.get(j);
            Duration every = VigilApplication.duration("scrape[" + j + "].interval", job.interval);
            Duration timeout = VigilApplication.duration("scrape[" + j + "].timeout", job.timeout);
            for (int t = 0; t < job.targets.size(); t++) {
                String url = job.targets.get(t);
                if (!url.matches("https?://[^/\\s]+.*")) {
                    throw new StartupRefusedException("scrape[" + j + "].targets[" + t + "]: \"" + url
                            + "\" is not an http(s) URL (expected: e.g. http://app:9100/metrics)");
                }
                Scraper.Target target = new Scraper.Target(job.job, url, timeout);
                out.put(target.key(), new Scheduled(target, every));
            }
        }
        for (int j = 0; j < config.scrapeConfigs.size(); j++) {
            prometheus(config.scrapeConfigs.get(j), "scrape_configs[" + j + "]", out);
        }
        return List.copyOf(out.values());
    }

    private static void prometheus(VigilConfiguration.PrometheusScrapeConfig c, String at, Map<String, Scheduled> out) {
        Duration every = VigilApplication.duration(at + ".scrape_interval", c.scrapeInterval);
        Duration timeout = VigilApplication.duration(at + ".scrape_timeout", c.scrapeTimeout);
        if (timeout.compareTo(every) > 0) {
            throw new StartupRefusedException(at + ".scrape_timeout: " + c.scrapeTimeout
                    + " is longer than scrape_interval " + c.scrapeInterval + " (as Prometheus, refused)");
        }
        if (!c.scheme.equals("http") && !c.scheme.equals("https")) {
            throw new StartupRefusedException(at + ".scheme: \"" + c.scheme + "\" (expected: http or https)");
        }
        if (!c.metricsPath.startsWith("/")) {
            throw new StartupRefusedException(at + ".metrics_path: \"" + c.metricsPath + "\" (expected: a path from /)");
        }
        String authorization = authorization(c, at);
        TlsSettings tls = tls(c.tlsConfig, at + ".tls_config");
        List<Relabel> relabel = relabel(c.relabelConfigs, at + ".relabel_configs");
        List<Relabel> metricRelabel = relabel(c.metricRelabelConfigs, at + ".metric_relabel_configs");
        for (int s = 0; s < c.staticConfigs.size(); s++) {
            VigilConfiguration.StaticConfig sc = c.staticConfigs.get(s);
            String scAt = at + ".static_configs[" + s + "]";
            Map<String, String> labels = new TreeMap<>();
            sc.labels.forEach((k, v) -> {
                if (!LABEL_NAME.matcher(k).matches()) {
                    throw new StartupRefusedException(scAt + ".labels." + k + ": not a label name");
                }
                labels.put(k, v);
            });
            for (int t = 0; t < sc.targets.size(); t++) {
                String hostPort = sc.targets.get(t);
                String tAt = scAt + ".targets[" + t + "]";
                // As Prometheus's PopulateLabels: the group's labels and the address, then what the job says where
                // they did not set it, then the params; relabel_configs run on all of these.
                Map<String, String> pre = new TreeMap<>(labels);
                pre.put("__address__", hostPort);
                pre.putIfAbsent("job", c.jobName);
                pre.putIfAbsent("__scrape_interval__", PromDuration.format(every));
                pre.putIfAbsent("__scrape_timeout__", PromDuration.format(timeout));
                pre.putIfAbsent("__metrics_path__", c.metricsPath);
                pre.putIfAbsent("__scheme__", c.scheme);
                c.params.forEach((name, values) -> {
                    if (!values.isEmpty()) {
                        pre.put("__param_" + name, values.get(0));
                    }
                });
                Optional<Labels> relabeled = Relabel.process(Labels.of(pre), relabel);
                if (relabeled.isEmpty()) {
                    LOG.info("{}: {} dropped by relabel_configs", tAt, hostPort);
                    continue;
                }
                Scheduled target = target(c, relabeled.get(), tAt, authorization, tls, metricRelabel);
                out.put(target.target().key(), target);
            }
        }
    }

    /** A target from its labels after relabel_configs, as Prometheus makes one; what it cannot scrape is refused. */
    private static Scheduled target(VigilConfiguration.PrometheusScrapeConfig c, Labels l, String at,
                                    String authorization, TlsSettings tls, List<Relabel> metricRelabel) {
        String address = l.get("__address__");
        if (address.isEmpty()) {
            throw new StartupRefusedException(at + ": no address (relabel_configs removed __address__)");
        }
        String scheme = l.get("__scheme__");
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new StartupRefusedException(at + ": invalid scheme \"" + scheme + "\" after relabel_configs "
                    + "(expected: http or https)");
        }
        if (needsPort(address)) {
            address = address + (scheme.equals("https") ? ":443" : ":80"); // Prometheus 2's default port
        }
        if (!HOST_PORT.matcher(address).matches()) {
            throw new StartupRefusedException(at + ": \"" + address + "\" is not a valid hostname (expected: host:port, "
                    + "e.g. node-1:9100; the path is metrics_path)");
        }
        Duration every = labelDuration(l, "__scrape_interval__", at);
        Duration timeout = labelDuration(l, "__scrape_timeout__", at);
        if (timeout.compareTo(every) > 0) {
            throw new StartupRefusedException(at + ": scrape timeout cannot be greater than scrape interval (\""
                    + l.get("__scrape_timeout__") + "\" > \"" + l.get("__scrape_interval__") + "\")");
        }
        // The URL's query: the job's params, each first value replaced by a __param_ label (Go's url.Values order).
        Map<String, List<String>> params = new TreeMap<>();
        c.params.forEach((name, values) -> params.put(name, new java.util.ArrayList<>(values)));
        Map<String, String> own = new TreeMap<>();
        for (Map.Entry<String, String> e : l.asMap().entrySet()) {
            String name = e.getKey();
            if (name.startsWith("__param_")) {
                List<String> values = params.computeIfAbsent(name.substring("__param_".length()),
                        k -> new java.util.ArrayList<>());
                if (values.isEmpty()) {
                    values.add(e.getValue());
                } else {
                    values.set(0, e.getValue());
                }
            } else if (!name.startsWith("__")) {
                own.put(name, e.getValue()); // __meta_ and the other internal labels are not the target's
            }
        }
        own.putIfAbsent("instance", address);
        StringBuilder query = new StringBuilder();
        params.forEach((name, values) -> values.forEach(v -> query.append(query.length() == 0 ? "?" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8))));
        String url = scheme + "://" + address + l.get("__metrics_path__") + query;
        Scraper.Target target = new Scraper.Target(own.getOrDefault("job", c.jobName), url, timeout, Labels.of(own),
                c.honorLabels, c.honorTimestamps, c.sampleLimit, authorization, tls, metricRelabel);
        return new Scheduled(target, every);
    }

    /** Whether Prometheus 2 adds a default port: the address has none and adding one makes it host:port. */
    private static boolean needsPort(String address) {
        if (address.startsWith("[")) {
            return address.endsWith("]");
        }
        return !address.contains(":");
    }

    private static Duration labelDuration(Labels l, String name, String at) {
        String v = l.get(name);
        Duration d;
        try {
            d = PromDuration.parse(v);
        } catch (IllegalArgumentException e) {
            throw new StartupRefusedException(at + ": " + name + " \"" + v + "\" after relabel_configs is not a "
                    + "duration: " + e.getMessage());
        }
        if (d.isZero()) {
            throw new StartupRefusedException(at + ": " + name + " cannot be 0");
        }
        return d;
    }

    /** The steps of a relabel_configs list, each checked as Prometheus checks it. */
    private static List<Relabel> relabel(List<VigilConfiguration.RelabelConfig> steps, String at) {
        List<Relabel> out = new java.util.ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            VigilConfiguration.RelabelConfig r = steps.get(i);
            if (r == null) {
                throw new StartupRefusedException(at + "[" + i + "]: empty (expected: source_labels, regex, action...)");
            }
            try {
                out.add(Relabel.of(r.sourceLabels, r.separator, r.regexGiven, r.regex, r.modulus, r.targetLabel,
                        r.replacement, r.action));
            } catch (IllegalArgumentException e) {
                throw new StartupRefusedException(at + "[" + i + "]: " + e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    /** The job's TLS settings, their files read once at start so that a missing or broken one is named now. */
    private static TlsSettings tls(VigilConfiguration.TlsConfig t, String at) {
        if (t == null) {
            return TlsSettings.DEFAULT;
        }
        try {
            TlsSettings settings = new TlsSettings(t.caFile, t.certFile, t.keyFile, t.serverName, t.insecureSkipVerify,
                    t.minVersion);
            settings.context();
            return settings;
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw new StartupRefusedException(at + ": " + e.getMessage());
        }
    }

    /** The Authorization header: basic_auth or authorization, a secret read from its file when one is named. */
    private static String authorization(VigilConfiguration.PrometheusScrapeConfig c, String at) {
        if (c.basicAuth != null && c.authorization != null) {
            throw new StartupRefusedException(at + ": at most one of basic_auth and authorization (as Prometheus)");
        }
        if (c.basicAuth != null) {
            String password = secret(c.basicAuth.password, c.basicAuth.passwordFile, at + ".basic_auth");
            return "Basic " + Base64.getEncoder().encodeToString((c.basicAuth.username + ":" + password)
                    .getBytes(StandardCharsets.UTF_8));
        }
        if (c.authorization != null) {
            return c.authorization.type + " " + secret(c.authorization.credentials, c.authorization.credentialsFile,
                    at + ".authorization");
        }
        return "";
    }

    private static String secret(String inline, String file, String at) {
        if (!inline.isEmpty() && !file.isEmpty()) {
            throw new StartupRefusedException(at + ": the secret itself or its file, not both");
        }
        if (file.isEmpty()) {
            return inline;
        }
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            // The file's name is said, never its content.
            throw new StartupRefusedException(at + ": cannot read " + file + ": " + e.getClass().getSimpleName());
        }
    }
}
