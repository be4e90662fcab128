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
    private static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");
    private ProbeRunner runner;

    @BeforeEach
    void start() {
        target.start();
        runner = runner(Duration.ZERO, ProbeStateStore.inMemory(), InstantSource.fixed(T0));
    }

    /** A runner of one probe, {@code api}, that alerts after failing for {@code forDuration}. */
    private ProbeRunner runner(Duration forDuration, ProbeStateStore states, InstantSource clock) {
        ProbeSpec spec = new ProbeSpec("api", new ProbeTarget.Http(target.baseUrl() + "/health", "GET", Map.of(), "",
                true), Duration.ofSeconds(1), Duration.ofSeconds(5), List.of(Condition.parse("[STATUS] == 200")),
                Map.of("team", "checkout"), Optional.of(new ProbeAlertSpec(forDuration, "page", "api-down")));
        return new ProbeRunner(name -> name.equals("api") ? Optional.of(spec) : Optional.empty(),
                dev.vigil.probers.AllProbers.of(System::getenv, new HeartbeatProbe(HeartbeatStore.inMemory(), clock)),
                alerts::add, states, clock, pool, observed::add);
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
    void theForCountCarriesOverToAnotherRunnerSharingTheStore() {
        // Two nodes of a cluster (or one before and after a restart): the store, not the runner, holds the count.
        target.stubFor(get(urlEqualTo("/health")).willReturn(aResponse().withStatus(503)));
        ProbeStateStore shared = ProbeStateStore.inMemory();
        runner(Duration.ofMinutes(1), shared, InstantSource.fixed(T0)).run("api");
        assertThat(alerts).as("failing for less than its for:").isEmpty();
        runner(Duration.ofMinutes(1), shared, InstantSource.fixed(T0.plusSeconds(61))).run("api");
        assertThat(alerts).singleElement().satisfies(a -> assertThat(a.state()).isEqualTo(Alert.State.FIRING));
        assertThat(shared.load("api")).hasValue(new ProbeAlertState(Optional.of(T0), false));

        target.stubFor(get(urlEqualTo("/health")).willReturn(aResponse().withStatus(200)));
        runner(Duration.ofMinutes(1), shared, InstantSource.fixed(T0.plusSeconds(70))).run("api");
        runner(Duration.ofMinutes(1), shared, InstantSource.fixed(T0.plusSeconds(80))).run("api");
        assertThat(alerts).extracting(Alert::state).as("resolved once")
                .containsExactly(Alert.State.FIRING, Alert.State.RESOLVED);
    }

    @Test
    void anUnreachableTargetFailsWithTheReason() {
        target.stop();
        ProbeResult r = runner.run("api").orElseThrow();
        assertThat(r.success()).isFalse();
        assertThat(r.observation().error()).hasValueSatisfying(e -> assertThat(e).startsWith("request failed"));
    }

    @Test
    void aProbeNoLongerDeclaredIsForgotten() {
        ProbeStateStore states = ProbeStateStore.inMemory();
        states.save("gone", new ProbeAlertState(Optional.of(T0), false));
        assertThat(runner(Duration.ZERO, states, InstantSource.fixed(T0)).run("gone")).isEmpty();
        assertThat(runner.latest()).doesNotContainKey("gone");
        assertThat(states.load("gone")).isEmpty();
    }
}
