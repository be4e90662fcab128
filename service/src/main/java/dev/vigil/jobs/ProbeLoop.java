package dev.vigil.jobs;

import dev.vigil.probe.ProbeRunner;

import io.dropwizard.lifecycle.Managed;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs each probe on its own schedule, on a thread of its own that only hands runs to the probe pool: each probe
 * starts at a phase within its interval taken from a hash of its name (so a thousand probes of one interval are
 * spread over it rather than run at once) and keeps it. A run still going when the next is due is not started
 * twice: the due one is missed and counted. How late each run starts after its due time is a histogram
 * ({@code vigil_probe_start_delay_seconds}). In a cluster each probe runs on one node ({@code mine}).
 */
public final class ProbeLoop implements Managed {
    private final ProbeRunner runner;
    private final Predicate<String> mine;
    private final Histogram startDelay;
    private final Counter missed;
    private final Map<String, Scheduled> scheduled = new HashMap<>();
    private ScheduledExecutorService ticks;
    private Map<String, Duration> intervals;

    private record Scheduled(Duration interval, ScheduledFuture<?> future) {
    }

    public ProbeLoop(ProbeRunner runner, Map<String, Duration> intervals, Predicate<String> mine,
                     PrometheusRegistry registry) {
        this.runner = runner;
        this.intervals = Map.copyOf(intervals);
        this.mine = mine;
        this.startDelay = Histogram.builder().name("vigil_probe_start_delay_seconds")
                .help("How long after its due time a probe run started")
                .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
                .register(registry);
        this.missed = Counter.builder().name("vigil_probe_runs_missed_total")
                .help("Probe runs not started because the probe's previous run was still going").labelNames("probe")
                .register(registry);
    }

    @Override
    public synchronized void start() {
        ticks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-probe-schedule");
            t.setDaemon(true);
            return t;
        });
        apply(intervals);
    }

    /** Brings the schedule in line with reloaded rules: new probes start, removed ones stop, changed ones move. */
    public synchronized void reschedule(Map<String, Duration> next) {
        intervals = Map.copyOf(next);
        if (ticks != null) {
            apply(intervals);
        }
    }

    private void apply(Map<String, Duration> want) {
        scheduled.entrySet().removeIf(e -> {
            Duration d = want.get(e.getKey());
            if (d == null || !d.equals(e.getValue().interval())) {
                e.getValue().future().cancel(false);
                return true;
            }
            return false;
        });
        long now = System.currentTimeMillis();
        want.forEach((name, every) -> scheduled.computeIfAbsent(name, n -> {
            long delay = dev.vigil.time.Phase.delayMillis(n, every, now);
            long[] due = {now + delay};
            long period = Math.max(1, every.toMillis());
            ScheduledFuture<?> f = ticks.scheduleAtFixedRate(() -> {
                long at = due[0];
                due[0] += period;
                due(n, at);
            }, delay, period, TimeUnit.MILLISECONDS);
            return new Scheduled(every, f);
        }));
    }

    private void due(String name, long dueMillis) {
        if (!mine.test(name)) {
            return;
        }
        boolean started = runner.submit(name, () -> startDelay.observe(
                Math.max(0, System.currentTimeMillis() - dueMillis) / 1000.0));
        if (!started) {
            missed.labelValues(name).inc();
        }
    }

    @Override
    public synchronized void stop() {
        if (ticks != null) {
            ticks.shutdownNow();
        }
    }
}
