package dev.vigil;

import dev.vigil.config.StartupRefusedException;
import dev.vigil.label.Labels;
import dev.vigil.scrape.Scraper;
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
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The scrape targets config.yml declares, in Vigil's {@code scrape:} form and in Prometheus's {@code scrape_configs},
 * each with its interval; what is wrong is refused at start with the field's path.
 */
final class ScrapeTargets {
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
        refuseIfSet(c.relabelConfigs, at + ".relabel_configs");
        refuseIfSet(c.metricRelabelConfigs, at + ".metric_relabel_configs");
        refuseIfSet(c.tlsConfig, at + ".tls_config");
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
        StringBuilder query = new StringBuilder();
        c.params.forEach((name, values) -> values.forEach(v -> query.append(query.length() == 0 ? "?" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8))));
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
                if (!HOST_PORT.matcher(hostPort).matches()) {
                    throw new StartupRefusedException(scAt + ".targets[" + t + "]: \"" + hostPort
                            + "\" is not host:port (expected: e.g. node-1:9100; the path is metrics_path)");
                }
                // As Prometheus: the static labels first, then job and instance where they did not set them.
                Map<String, String> own = new TreeMap<>(labels);
                own.putIfAbsent("job", c.jobName);
                own.putIfAbsent("instance", hostPort);
                String url = c.scheme + "://" + hostPort + c.metricsPath + query;
                Scraper.Target target = new Scraper.Target(c.jobName, url, timeout, Labels.of(own), c.honorLabels,
                        c.honorTimestamps, c.sampleLimit, authorization);
                out.put(target.key(), new Scheduled(target, every));
            }
        }
    }

    /** A key of Prometheus's that Vigil does not read yet: refused by name rather than ignored. */
    private static void refuseIfSet(Object value, String at) {
        if (value != null) {
            throw new StartupRefusedException(at + ": not supported yet (docs/configuration.md lists what "
                    + "scrape_configs reads)");
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
