package dev.vigil.scrape;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.vigil.label.Labels;
import dev.vigil.label.Matcher;
import dev.vigil.promql.SeriesStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** metric_relabel_configs on each scraped sample, as Prometheus applies them: after the target's labels. */
class MetricRelabelTest {
    private static final String EXPOSITION = """
            go_goroutines 12
            go_threads 9
            http_requests_total{code="200",pid="4711"} 10
            http_requests_total{code="500",pid="4711"} 2
            process_cpu_seconds_total 3.5
            """;
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);

    private WireMockServer server;
    private SeriesStore store;

    @BeforeEach
    void setUp() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        server.stubFor(get(urlEqualTo("/metrics")).willReturn(aResponse().withStatus(200).withBody(EXPOSITION)));
        store = new SeriesStore(600_000);
    }

    @AfterEach
    void tearDown() {
        server.stop();
    }

    private Scraper.Target target(int sampleLimit, Relabel... steps) {
        return new Scraper.Target("app", server.baseUrl() + "/metrics", Duration.ofSeconds(5),
                Labels.of("job", "app", "instance", "app-1:8080"), false, true, sampleLimit, "",
                dev.vigil.tls.TlsSettings.DEFAULT, List.of(steps));
    }

    /** name -> value of every series written at the clock's instant. */
    private Map<String, Double> written() {
        return written(CLOCK.millis());
    }

    private Map<String, Double> written(long t) {
        Map<String, Double> out = new TreeMap<>();
        store.select(List.of(Matcher.of("__name__", Matcher.Op.RE, ".+")), t, t).forEach(s ->
                out.put(s.labels().get("__name__") + s.labels().with("__name__", ""), s.points().get(s.points().size() - 1).value()));
        return out;
    }

    @Test
    void droppedRenamedAndStrippedSamplesAreWhatIsStored() {
        Relabel dropGo = Relabel.of(List.of("__name__"), ";", true, "go_.*", 0, "", "$1", "drop");
        Relabel noPid = Relabel.of(null, ";", true, "pid", 0, "", "$1", "labeldrop");
        // The target's labels are there for metric relabeling: instance is read here.
        Relabel host = Relabel.of(List.of("instance"), ";", true, "([^:]+):.*", 0, "host", "$1", "replace");
        Relabel rename = Relabel.of(List.of("__name__"), ";", true, "process_(.*)", 0, "__name__", "app_$1",
                "replace");
        boolean up = new Scraper(store, CLOCK).scrape(target(0, dropGo, noPid, host, rename));

        assertThat(up).isTrue();
        assertThat(written()).containsOnlyKeys(
                "http_requests_total{code=\"200\", host=\"app-1\", instance=\"app-1:8080\", job=\"app\"}",
                "http_requests_total{code=\"500\", host=\"app-1\", instance=\"app-1:8080\", job=\"app\"}",
                "app_cpu_seconds_total{host=\"app-1\", instance=\"app-1:8080\", job=\"app\"}",
                "up{instance=\"app-1:8080\", job=\"app\"}",
                "scrape_duration_seconds{instance=\"app-1:8080\", job=\"app\"}",
                "scrape_samples_scraped{instance=\"app-1:8080\", job=\"app\"}",
                "scrape_samples_post_metric_relabeling{instance=\"app-1:8080\", job=\"app\"}",
                "scrape_series_added{instance=\"app-1:8080\", job=\"app\"}");
        assertThat(written()).containsEntry("scrape_samples_scraped{instance=\"app-1:8080\", job=\"app\"}", 5.0)
                .containsEntry("scrape_samples_post_metric_relabeling{instance=\"app-1:8080\", job=\"app\"}", 3.0)
                .containsEntry("scrape_series_added{instance=\"app-1:8080\", job=\"app\"}", 3.0);
    }

    @Test
    void theSampleLimitCountsWhatRelabelingKeeps() {
        Relabel dropGo = Relabel.of(List.of("__name__"), ";", true, "go_.*", 0, "", "$1", "drop");
        assertThat(new Scraper(store, CLOCK).scrape(target(3, dropGo))).isTrue();
        assertThat(new Scraper(new SeriesStore(600_000), CLOCK).scrape(target(3))).as("5 samples over a limit of 3")
                .isFalse();
    }

    @Test
    void aSampleLeftWithoutANameFailsTheScrapeAsInPrometheus() {
        Relabel noName = Relabel.of(null, ";", true, "__name__", 0, "", "$1", "labeldrop");
        assertThat(new Scraper(store, CLOCK).scrape(target(0, noName))).isFalse();
        assertThat(written()).containsEntry("up{instance=\"app-1:8080\", job=\"app\"}", 0.0)
                .doesNotContainKey("http_requests_total{code=\"200\", instance=\"app-1:8080\", job=\"app\", "
                        + "pid=\"4711\"}");
    }

    @Test
    void aSeriesSeenBeforeKeepsItsLabelsAndOtherSettingsForTheTargetApplyAtOnce() {
        long[] now = {CLOCK.millis()};
        Scraper scraper = new Scraper(store, () -> Instant.ofEpochMilli(now[0]));
        Relabel dropGo = Relabel.of(List.of("__name__"), ";", true, "go_.*", 0, "", "$1", "drop");
        Relabel noPid = Relabel.of(null, ";", true, "pid", 0, "", "$1", "labeldrop");
        assertThat(scraper.scrape(target(0, dropGo, noPid))).isTrue();
        String ok = "http_requests_total{code=\"200\", instance=\"app-1:8080\", job=\"app\"}";
        assertThat(written(now[0])).containsEntry(ok, 10.0).doesNotContainKey("go_goroutines{instance=\"app-1:8080\", job=\"app\"}");

        // The next scrape: the same series from the scrape's cache, a new one parsed and relabeled, go_* still dropped.
        server.stubFor(get(urlEqualTo("/metrics")).willReturn(aResponse().withStatus(200).withBody(
                EXPOSITION.replace("} 10", "} 11") + "http_requests_total{code=\"503\",pid=\"4711\"} 1\n")));
        now[0] += 15_000;
        assertThat(scraper.scrape(target(0, dropGo, noPid))).isTrue();
        assertThat(written(now[0])).containsEntry(ok, 11.0)
                .containsEntry("http_requests_total{code=\"503\", instance=\"app-1:8080\", job=\"app\"}", 1.0)
                .containsEntry("scrape_series_added{instance=\"app-1:8080\", job=\"app\"}", 1.0)
                .doesNotContainKey("go_goroutines{instance=\"app-1:8080\", job=\"app\"}");

        // A reload that keeps pid: the cached labels are not used for other settings (the series without pid are
        // marked stale, as when a target's series go away).
        now[0] += 15_000;
        assertThat(scraper.scrape(target(0, dropGo))).isTrue();
        assertThat(written(now[0])).containsEntry(
                "http_requests_total{code=\"200\", instance=\"app-1:8080\", job=\"app\", pid=\"4711\"}", 11.0)
                .containsEntry(ok, Double.NaN);
    }
}
