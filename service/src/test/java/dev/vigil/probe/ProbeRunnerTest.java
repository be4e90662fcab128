package dev.vigil.probe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.vigil.alert.Alert;
import dev.vigil.testing.Await;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProbeRunnerTest {
    private final WireMockServer target = new WireMockServer(options().dynamicPort());
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final List<Alert> alerts = new CopyOnWriteArrayList<>();
    private final List<ProbeResult> observed = new CopyOnWriteArrayList<>();
    private ProbeRunner runner;

    @BeforeEach
    void start() {
        target.start();
        ProbeSpec spec = new ProbeSpec("api", "http", target.baseUrl() + "/health", "GET", Map.of(), "", true,
                Duration.ofSeconds(1), Duration.ofSeconds(5), List.of(Condition.parse("[STATUS] == 200")),
                Map.of("team", "checkout"), Optional.of(new ProbeAlertSpec(Duration.ZERO, "page", "api-down")));
        runner = new ProbeRunner(name -> name.equals("api") ? Optional.of(spec) : Optional.empty(), new HttpProbe(),
                alerts::add, InstantSource.fixed(Instant.parse("2026-11-22T00:00:00Z")), pool, observed::add);
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        target.stop();
    }

    @Test
    void aSlowProbeIsNeverRunTwiceAtOnceAndDoesNotHoldTheCaller() {
        target.stubFor(get(urlEqualTo("/health")).willReturn(aResponse().withStatus(200).withFixedDelay(800)));
        long start = System.nanoTime();
        assertThat(runner.submit("api")).isTrue();
        assertThat(runner.submit("api")).as("still running").isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
        Await.untilTrue(Duration.ofSeconds(5), "the run to finish", () -> runner.latest().containsKey("api"));
        Await.untilTrue(Duration.ofSeconds(5), "the probe to be free again", () -> runner.submit("api"));
        Await.untilTrue(Duration.ofSeconds(5), "the second request", () ->
                target.findAll(getRequestedFor(urlEqualTo("/health"))).size() == 2);
    }

    @Test
    void aFailingProbeRaisesProbeFailedWithItsLabelsAndRunbook() {
        target.stubFor(get(urlEqualTo("/health")).willReturn(aResponse().withStatus(503)));
        ProbeResult r = runner.run("api").orElseThrow();
        assertThat(r.success()).isFalse();
        assertThat(r.failures()).containsExactly("[STATUS] == 200 (got 503)");
        assertThat(observed).containsExactly(r);
        assertThat(ProbeSeries.of(r)).extracting(ProbeSeries.Sample::name, ProbeSeries.Sample::value)
                .contains(org.assertj.core.groups.Tuple.tuple("probe_success", 0.0),
                        org.assertj.core.groups.Tuple.tuple("probe_http_status_code", 503.0));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(Alert.State.FIRING);
            assertThat(a.labels().asMap()).containsEntry("alertname", "ProbeFailed").containsEntry("probe", "api")
                    .containsEntry("team", "checkout").containsEntry("severity", "page");
            assertThat(a.annotations()).containsEntry("runbook", "api-down")
                    .containsEntry("description", target.baseUrl() + "/health: [STATUS] == 200 (got 503)");
        });
    }

    @Test
    void anUnreachableTargetFailsWithTheReason() {
        target.stop();
        ProbeResult r = runner.run("api").orElseThrow();
        assertThat(r.success()).isFalse();
        assertThat(r.outcome().error()).hasValueSatisfying(e -> assertThat(e).startsWith("request failed"));
    }

    @Test
    void aProbeNoLongerDeclaredIsForgotten() {
        assertThat(runner.run("gone")).isEmpty();
        assertThat(runner.latest()).doesNotContainKey("gone");
    }
}
