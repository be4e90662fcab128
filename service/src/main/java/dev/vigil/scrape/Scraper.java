package dev.vigil.scrape;

import dev.vigil.label.Labels;
import dev.vigil.promql.SeriesStore;
import dev.vigil.promql.Staleness;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes a target as Prometheus does: reads its exposition, labels every sample with {@code job} and
 * {@code instance}, writes {@code up}, {@code scrape_duration_seconds} and {@code scrape_samples_scraped},
 * and marks series that disappeared (or all of them, when the scrape fails) stale.
 */
public final class Scraper {
    private static final Logger LOG = LoggerFactory.getLogger(Scraper.class);

    /** One target: its job, URL and timeout. */
    public record Target(String job, String url, Duration timeout) {
        public String instance() {
            URI u = URI.create(url);
            return u.getPort() < 0 ? u.getHost() : u.getHost() + ":" + u.getPort();
        }

        public String key() {
            return job + "|" + url;
        }
    }

    private final SeriesStore store;
    private final InstantSource clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, Set<Labels>> previous = new ConcurrentHashMap<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    public Scraper(SeriesStore store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Scrapes on {@code executor}, off the scheduler's threads; skips a target whose last scrape still runs. */
    public boolean submit(Target target, java.util.concurrent.Executor executor) {
        if (!inFlight.add(target.key())) {
            return false;
        }
        try {
            executor.execute(() -> {
                try {
                    scrape(target);
                } finally {
                    inFlight.remove(target.key());
                }
            });
            return true;
        } catch (RuntimeException e) {
            inFlight.remove(target.key());
            throw e;
        }
    }

    /** Scrapes {@code target} once; returns whether it was up. */
    public boolean scrape(Target target) {
        long ts = clock.millis();
        long start = System.nanoTime();
        Labels base = Labels.of("job", target.job(), "instance", target.instance());
        Set<Labels> seen = new HashSet<>();
        boolean up;
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(target.url())).timeout(target.timeout())
                    .header("Accept", "text/plain;version=0.0.4").GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IOException("HTTP " + r.statusCode());
            }
            for (ExpositionParser.Sample s : ExpositionParser.parse(r.body())) {
                // The target's own labels keep their values except job and instance, which the scrape sets.
                Labels l = s.labels().with(base);
                store.append(l, s.timestampMs().orElse(ts), s.value());
                seen.add(l);
            }
            up = true;
        } catch (IOException | IllegalArgumentException e) {
            LOG.info("scrape of {} ({}) failed: {}", target.url(), target.job(), e.getMessage());
            up = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            up = false;
        }
        for (Labels gone : previous.getOrDefault(target.key(), Set.of())) {
            if (!seen.contains(gone)) {
                store.append(gone, ts, Staleness.STALE_NAN);
            }
        }
        previous.put(target.key(), seen);
        store.append(base.with("__name__", "up"), ts, up ? 1 : 0);
        store.append(base.with("__name__", "scrape_duration_seconds"), ts, (System.nanoTime() - start) / 1e9);
        store.append(base.with("__name__", "scrape_samples_scraped"), ts, seen.size());
        return up;
    }
}
