package dev.vigil;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.testing.VigilProcess;
import io.dropwizard.jackson.Jackson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The same scrape_configs given to Debian's Prometheus 2.42 and to Vigil: every target Prometheus makes (its labels
 * after relabel_configs, its scrape URL, interval and timeout) Vigil makes too, and the same ones are dropped. The
 * patterns are the ones users paste: the blackbox exporter's, hashmod sharding, labelmap, keep/drop, keepequal.
 */
class ScrapeTargetsPrometheusTest {
    static final String SCRAPE_CONFIGS = """
            scrape_configs:
              - job_name: blackbox
                metrics_path: /probe
                params:
                  module: [http_2xx]
                static_configs:
                  - targets: ['https://example.org', 'http://status.example.org/health?x=1']
                    labels: {team: web}
                relabel_configs:
                  - source_labels: [__address__]
                    target_label: __param_target
                  - source_labels: [__param_target]
                    target_label: instance
                  - target_label: __address__
                    replacement: 127.0.0.1:9115
              - job_name: shard
                scrape_interval: 30s
                scrape_timeout: 5s
                static_configs:
                  - targets: [n1:9100, n2:9100, n3:9100, n4:9100, n5:9100, n6:9100]
                relabel_configs:
                  - source_labels: [__address__]
                    modulus: 3
                    target_label: __tmp_hash
                    action: hashmod
                  - source_labels: [__tmp_hash]
                    regex: '1'
                    action: keep
              - job_name: meta
                scheme: https
                static_configs:
                  - targets: [db-1, 'db-2:5432', '[::1]']
                    labels: {__meta_owner: dba, __meta_zone: EU-West, drop_me: x, env: Prod}
                relabel_configs:
                  - action: labelmap
                    regex: __meta_(.+)
                  - action: labeldrop
                    regex: drop_.*
                  - source_labels: [zone]
                    target_label: zone
                    action: lowercase
                  - source_labels: [env, zone]
                    separator: '/'
                    regex: '(.*)/(eu)-(.*)'
                    target_label: region_${2}
                    replacement: $1-$3
                  - source_labels: [__address__]
                    regex: 'db-2.*'
                    action: drop
                  - source_labels: [__address__]
                    regex: '([^:]+):\\d+'
                    target_label: __scrape_interval__
                    replacement: 2m
                  - source_labels: [__address__]
                    target_label: __metrics_path__
                    regex: '(db-1).*'
                    replacement: /${1}/metrics
              - job_name: equal
                static_configs:
                  - targets: [a:1, b:2]
                    labels: {want: 'a:1'}
                relabel_configs:
                  - source_labels: [__address__]
                    target_label: want
                    action: keepequal
                  - source_labels: [job]
                    target_label: upper
                    action: uppercase
            """;

    private record Made(String url, Map<String, String> labels, String interval, String timeout) {
    }

    @Test
    void vigilMakesTheTargetsPrometheusMakes() throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "scenarios")), "relabel")
                .toAbsolutePath();
        Files.writeString(work.resolve("prometheus.yml"), SCRAPE_CONFIGS);
        int port = VigilProcess.freePort();
        Process prometheus;
        try {
            prometheus = new ProcessBuilder("prometheus", "--config.file=prometheus.yml",
                    "--storage.tsdb.path=" + work.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port)
                    .directory(work.toFile()).redirectErrorStream(true)
                    .redirectOutput(work.resolve("prometheus.log").toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("prometheus is not installed: install Debian's prometheus package (.ci/run does)",
                    e);
        }
        try {
            JsonNode targets = targets(port, 2 + 6 + 3 + 2);
            List<Made> theirs = new ArrayList<>();
            for (JsonNode t : targets.get("activeTargets")) {
                Map<String, String> labels = new TreeMap<>();
                t.get("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
                theirs.add(new Made(t.get("scrapeUrl").asText(), labels, t.get("scrapeInterval").asText(),
                        t.get("scrapeTimeout").asText()));
            }
            List<Made> ours = new ArrayList<>();
            for (ScrapeTargets.Scheduled s : ScrapeTargets.of(read(SCRAPE_CONFIGS))) {
                ours.add(new Made(s.target().url(), new TreeMap<>(s.target().labels().asMap()),
                        dev.vigil.time.PromDuration.format(s.interval()),
                        dev.vigil.time.PromDuration.format(s.target().timeout())));
            }
            assertThat(ours).containsExactlyInAnyOrderElementsOf(theirs.stream().map(ScrapeTargetsPrometheusTest::decoded)
                    .toList());
            // Not a vacuous agreement: the patterns above keep and drop, and shape what is kept.
            assertThat(targets.get("droppedTargets")).hasSizeGreaterThan(3);
            assertThat(ours).extracting(Made::url).contains("http://127.0.0.1:9115/probe?module=http_2xx&target="
                    + "https%3A%2F%2Fexample.org");
        } finally {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
    }

    /** Go's url.QueryEscape keeps fewer characters unescaped than Java's URLEncoder; both servers read the same. */
    private static Made decoded(Made m) {
        return new Made(m.url().replace("%7E", "~").replace("%2A", "*"), m.labels(), m.interval(), m.timeout());
    }

    static VigilConfiguration read(String yaml) throws IOException {
        ObjectMapper mapper = Jackson.newObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        return mapper.readValue(yaml, VigilConfiguration.class);
    }

    /** Prometheus's /api/v1/targets once it has made {@code expected} targets, kept or dropped. */
    private static JsonNode targets(int port, int expected) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode last = null;
        while (System.nanoTime() < until) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/v1/targets?state=any")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    last = json.readTree(r.body()).get("data");
                    int seen = last.get("activeTargets").size() + last.get("droppedTargets").size();
                    if (seen >= expected) {
                        return last;
                    }
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Prometheus did not make " + expected + " targets within 60 s: " + last);
    }
}
