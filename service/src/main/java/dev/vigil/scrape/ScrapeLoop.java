package dev.vigil.scrape;

import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes each target on its own schedule, as Prometheus's scrape loops do, on threads of its own: nothing else
 * (rule groups, probes, the scheduler's pool) can hold a scrape back. Each target starts at an offset within its
 * interval taken from a hash of the target, so targets spread over the interval instead of all scraping at once,
 * and keeps that phase. A scrape still running when its next one is due is not started twice: the due one is
 * missed and counted ({@link #missed()}), so a slip is visible. Every node scrapes every target, as Prometheus
 * pairs do: each node's engine holds what its rule groups read.
 */
public final class ScrapeLoop implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(ScrapeLoop.class);
    /** The most scrapes running at once; a slow target holds one of them, not the others. */
    static final int WORKERS = 8;

    /** A target and its interval. */
    public record Scheduled(Scraper.Target target, Duration interval) {
    }

    private final Scraper scraper;
    private final List<Scheduled> targets;
    private final Map<String, AtomicLong> missed = new ConcurrentHashMap<>();
    private final java.util.Set<String> running = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService ticks;
    private ExecutorService workers;

    public ScrapeLoop(Scraper scraper, List<Scheduled> targets) {
        this.scraper = scraper;
        this.targets = List.copyOf(targets);
        targets.forEach(t -> missed.computeIfAbsent(t.target().job(), j -> new AtomicLong()));
    }

    /** Where in its interval a target scrapes: a hash of the target, as Prometheus spreads them. */
    static long offsetMillis(Scraper.Target target, Duration interval, long nowMillis) {
        return dev.vigil.time.Phase.delayMillis(target.key(), interval, nowMillis);
    }

    @Override
    public void start() {
        if (targets.isEmpty()) {
            return;
        }
        ticks = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "vigil-scrape-schedule"));
        workers = Executors.newFixedThreadPool(Math.min(WORKERS, targets.size()), r -> daemon(r, "vigil-scrape"));
        long now = System.currentTimeMillis();
        for (Scheduled s : targets) {
            ticks.scheduleAtFixedRate(() -> due(s), offsetMillis(s.target(), s.interval(), now),
                    Math.max(1, s.interval().toMillis()), TimeUnit.MILLISECONDS);
        }
    }

    private void due(Scheduled s) {
        String key = s.target().key();
        if (!running.add(key)) {
            missed.get(s.target().job()).incrementAndGet();
            LOG.warn("scrape of {} ({}) missed: the previous one still runs", s.target().url(), s.target().job());
            return;
        }
        try {
            workers.execute(() -> {
                try {
                    scraper.scrape(s.target());
                } catch (RuntimeException e) {
                    LOG.error("scrape of {} failed", s.target().url(), e);
                } finally {
                    running.remove(key);
                }
            });
        } catch (RuntimeException e) {
            running.remove(key); // stopping
        }
    }

    /** Scrapes that were due while the target's previous one still ran, by job. */
    public Map<String, Long> missed() {
        Map<String, Long> out = new java.util.TreeMap<>();
        missed.forEach((job, n) -> out.put(job, n.get()));
        return out;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void stop() throws InterruptedException {
        if (ticks != null) {
            ticks.shutdownNow();
            workers.shutdownNow();
            workers.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
