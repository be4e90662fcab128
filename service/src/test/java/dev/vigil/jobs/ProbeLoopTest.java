package dev.vigil.jobs;

import dev.vigil.probe.Condition;
import dev.vigil.probe.HeartbeatProbe;
import dev.vigil.probe.HeartbeatStore;
import dev.vigil.probe.ProbeRunner;
import dev.vigil.probe.ProbeSpec;
import dev.vigil.probe.ProbeStateStore;
import dev.vigil.probe.ProbeTarget;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.vigil.testing.Await;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The probe loop: probes spread over their interval, a slow one missed and counted, never run twice at once. */
class ProbeLoopTest {
    @Test
    void probesOfOneIntervalAreSpreadOverIt() {
        Duration every = Duration.ofSeconds(60);
        int[] buckets = new int[10];
        for (int i = 0; i < 1000; i++) {
            long d = dev.vigil.time.Phase.delayMillis("probe-" + i, every, 1_796_000_000_000L);
            assertThat(d).isBetween(0L, every.toMillis() - 1);
            buckets[(int) (d / 6000)]++;
        }
        // Ten 6-second slices of the minute: none empty, none holding more than twice its share.
        assertThat(java.util.Arrays.stream(buckets).boxed().toList()).allSatisfy(n -> assertThat(n).isBetween(50, 200));
        // A probe keeps its phase: the same name, a later minute, the same place in it.
        assertThat(dev.vigil.time.Phase.delayMillis("api", every, 1_796_000_000_000L + 60_000))
                .isEqualTo(dev.vigil.time.Phase.delayMillis("api", every, 1_796_000_000_000L));
    }

    @Test
    void aSlowProbeIsMissedAndCountedWhileOthersRunOnTime() throws Exception {
        WireMockServer target = new WireMockServer(options().dynamicPort());
        target.start();
        target.stubFor(get(urlEqualTo("/slow")).willReturn(aResponse().withStatus(200).withFixedDelay(1500)));
        target.stubFor(get(urlEqualTo("/fast")).willReturn(aResponse().withStatus(200)));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        Map<String, ProbeSpec> specs = Map.of(
                "slow", spec("slow", target.baseUrl() + "/slow"),
                "fast", spec("fast", target.baseUrl() + "/fast"));
        ProbeRunner runner = new ProbeRunner(n -> Optional.ofNullable(specs.get(n)),
                dev.vigil.probers.AllProbers.of(System::getenv,
                        new HeartbeatProbe(HeartbeatStore.inMemory(), InstantSource.system())), a -> { }, ProbeStateStore.inMemory(), InstantSource.system(), pool,
                r -> { });
        PrometheusRegistry registry = new PrometheusRegistry();
        ProbeLoop loop = new ProbeLoop(runner, Map.of("slow", Duration.ofMillis(200), "fast", Duration.ofMillis(200)),
                n -> true, registry);
        try {
            loop.start();
            // The fast one keeps its pace while the slow one holds a worker for 1.5 s a run. Its first runs, on a
            // cold JVM (a loaded CI machine), may take longer than its 200 ms: counted from its third run on.
            Await.untilTrue(Duration.ofSeconds(10), "the fast probe to run 3 times", () -> fastRuns(target) >= 3);
            double coldMisses = missed(registry, "fast");
            Await.untilTrue(Duration.ofSeconds(10), "the fast probe to run 8 more times", () -> fastRuns(target) >= 11);
            assertThat(missed(registry, "slow")).as("the slow one's due runs, missed").isGreaterThanOrEqualTo(3);
            assertThat(target.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                    urlEqualTo("/slow")))).as("one run at a time").hasSizeLessThanOrEqualTo(3);
            // Held behind the slow one, it would miss about seven runs in each of the slow one's.
            assertThat(missed(registry, "fast") - coldMisses).as("the fast one's misses once warm").isLessThanOrEqualTo(1);
            assertThat(startCount(registry)).isGreaterThanOrEqualTo(11);

            // A reload that drops a probe stops it.
            loop.reschedule(Map.of("fast", Duration.ofMillis(200)));
            int before = target.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                    urlEqualTo("/slow"))).size();
            Thread.sleep(1000);
            assertThat(target.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                    urlEqualTo("/slow"))).size()).isLessThanOrEqualTo(before + 1);
        } finally {
            loop.stop();
            pool.shutdownNow();
            target.stop();
        }
    }

    private static int fastRuns(WireMockServer target) {
        return target.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlEqualTo("/fast")))
                .size();
    }

    private static ProbeSpec spec(String name, String url) {
        return new ProbeSpec(name, new ProbeTarget.Http(url, "GET", Map.of(), "", true), Duration.ofMillis(200),
                Duration.ofSeconds(5), List.of(Condition.parse("[STATUS] == 200")), Map.of(), Optional.empty());
    }

    private static double missed(PrometheusRegistry registry, String probe) {
        return registry.scrape().stream().filter(s -> s instanceof CounterSnapshot
                        && s.getMetadata().getName().equals("vigil_probe_runs_missed"))
                .flatMap(s -> ((CounterSnapshot) s).getDataPoints().stream())
                .filter(d -> d.getLabels().get("probe").equals(probe)).mapToDouble(d -> d.getValue()).sum();
    }

    private static long startCount(PrometheusRegistry registry) {
        return registry.scrape().stream().filter(s -> s instanceof HistogramSnapshot
                        && s.getMetadata().getName().equals("vigil_probe_start_delay_seconds"))
                .flatMap(s -> ((HistogramSnapshot) s).getDataPoints().stream()).mapToLong(d -> d.getCount()).sum();
    }
}
