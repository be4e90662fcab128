package dev.vigil.scrape;

import dev.vigil.label.Labels;
import dev.vigil.promql.SeriesStore;
import dev.vigil.promql.Staleness;
import dev.vigil.tls.TlsSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes a target as Prometheus does: reads its exposition, labels every sample with the target's labels
 * ({@code job}, {@code instance} and its static ones; a label the target exposes too is kept as
 * {@code exported_<name>}, or wins with {@code honor_labels}), applies {@code metric_relabel_configs}, writes
 * {@code up}, {@code scrape_duration_seconds}, {@code scrape_samples_scraped},
 * {@code scrape_samples_post_metric_relabeling} and {@code scrape_series_added}, and marks series that disappeared (or all of them, when the scrape fails)
 * stale.
 */
public final class Scraper {
    private static final Logger LOG = LoggerFactory.getLogger(Scraper.class);

    /**
     * One target: its URL and timeout, the labels it gives its samples, Prometheus's {@code honor_labels},
     * {@code honor_timestamps} and {@code sample_limit} (0: none), the Authorization header to send ("": none) and
     * how TLS is checked ({@code tls_config}) and the {@code metric_relabel_configs} applied to each sample.
     */
    public record Target(String job, String url, Duration timeout, Labels labels, boolean honorLabels,
                         boolean honorTimestamps, int sampleLimit, String authorization, TlsSettings tls,
                         List<Relabel> metricRelabel) {
        /** A target of Vigil's own {@code scrape:} list: job and instance (the URL's host:port) only. */
        public Target(String job, String url, Duration timeout) {
            this(job, url, timeout, Labels.of("job", job, "instance", instanceOf(url)), false, true, 0, "",
                    TlsSettings.DEFAULT, List.of());
        }

        static String instanceOf(String url) {
            URI u = URI.create(url);
            return u.getPort() < 0 ? u.getHost() : u.getHost() + ":" + u.getPort();
        }

        public String instance() {
            return labels.get("instance");
        }

        /** A name for the target that fits a Quartz job's (200 characters): job and URL, hashed when long. */
        public String key() {
            String k = job + "|" + url + "|" + Integer.toHexString(labels.toString().hashCode());
            if (k.length() <= 190) {
                return k;
            }
            try {
                byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(k.getBytes(
                        java.nio.charset.StandardCharsets.UTF_8));
                return k.substring(0, 160) + "|" + java.util.HexFormat.of().formatHex(d, 0, 12);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * A scraped sample's labels with the target's applied, as Prometheus's {@code mutateSampleLabels}: with
     * {@code honor_labels} the sample's own value wins; otherwise the target's does and the sample's is kept as
     * {@code exported_<name>} (more prefixes while that name is taken), so series that differ only there stay apart.
     */
    static Labels withTarget(Labels sample, Target target) {
        Map<String, String> out = new java.util.TreeMap<>(sample.asMap());
        if (target.honorLabels()) {
            target.labels().asMap().forEach(out::putIfAbsent);
            return Labels.of(out);
        }
        java.util.List<Map.Entry<String, String>> conflicting = new java.util.ArrayList<>();
        target.labels().asMap().forEach((name, value) -> {
            if (!sample.get(name).isEmpty()) {
                conflicting.add(Map.entry(name, sample.get(name)));
            }
            out.put(name, value);
        });
        conflicting.sort(java.util.Comparator.comparingInt(e -> e.getKey().length()));
        Set<String> taken = new HashSet<>();
        for (Map.Entry<String, String> c : conflicting) {
            String name = c.getKey();
            do {
                name = "exported_" + name;
            } while (sample.has(name) || target.labels().has(name) || taken.contains(name));
            taken.add(name);
            out.put(name, c.getValue());
        }
        return Labels.of(out);
    }

    private record Kept(Labels labels, long at, double value) {
    }

    /**
     * A target's scrape cache, as Prometheus's: each series text of the last good scrape and the labels it came to
     * (the target's applied, then metric_relabel_configs; empty when they drop it), so a series seen before is not
     * parsed or relabeled again. Only for the same target settings: a reload that changes them starts it afresh.
     */
    private record SeriesCache(Target target, Map<String, Optional<Labels>> bySeries) {
    }

    /** A series seen for the first time: its labels parsed, the target's applied, metric_relabel_configs run. */
    private static Optional<Labels> resolve(ExpositionParser.Line line, Target target) throws IOException {
        Labels l = withTarget(line.labels(), target);
        if (target.metricRelabel().isEmpty()) {
            return Optional.of(l);
        }
        Optional<Labels> relabeled = Relabel.process(l, target.metricRelabel());
        if (relabeled.isPresent() && !relabeled.get().has("__name__")) {
            // As Prometheus: the whole scrape fails and nothing of it is kept.
            throw new IOException("missing metric name (__name__ label)");
        }
        return relabeled;
    }

    private final SeriesStore store;
    private final InstantSource clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** A client per TLS settings, made again when one of their files changes (a renewed certificate). */
    private final Map<TlsSettings, Client> tlsClients = new ConcurrentHashMap<>();

    private record Client(HttpClient http, long filesStamp) {
    }
    private final Map<String, Set<Labels>> previous = new ConcurrentHashMap<>();
    private final Map<String, SeriesCache> caches = new ConcurrentHashMap<>();

    public Scraper(SeriesStore store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    private HttpClient client(TlsSettings tls) throws IOException {
        if (tls.equals(TlsSettings.DEFAULT)) {
            return http;
        }
        long stamp = 0;
        for (java.nio.file.Path f : tls.files()) {
            stamp = stamp * 31 + java.nio.file.Files.getLastModifiedTime(f).toMillis();
        }
        Client c = tlsClients.get(tls);
        if (c == null || c.filesStamp() != stamp) {
            javax.net.ssl.SSLContext ctx = tls.context();
            c = new Client(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).sslContext(ctx)
                    .sslParameters(tls.parameters(ctx)).build(), stamp);
            tlsClients.put(tls, c);
        }
        return c.http();
    }

    /** Scrapes {@code target} once; returns whether it was up. */
    public boolean scrape(Target target) {
        long ts = clock.millis();
        long start = System.nanoTime();
        Labels base = target.labels();
        Set<Labels> seen = new HashSet<>();
        int scraped = 0;
        boolean up;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.url())).timeout(target.timeout())
                    .header("Accept", "text/plain;version=0.0.4").GET();
            if (!target.authorization().isEmpty()) {
                request.header("Authorization", target.authorization());
            }
            HttpResponse<String> r = client(target.tls()).send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IOException("server returned HTTP status " + r.statusCode());
            }
            List<ExpositionParser.Line> lines = ExpositionParser.lines(r.body());
            scraped = lines.size();
            SeriesCache cache = caches.get(target.key());
            Map<String, Optional<Labels>> known = cache != null && cache.target().equals(target) ? cache.bySeries()
                    : Map.of();
            Map<String, Optional<Labels>> resolved = new HashMap<>(Math.max(16, known.size() * 4 / 3 + 1));
            List<Kept> kept = new ArrayList<>(lines.size());
            for (ExpositionParser.Line line : lines) {
                Optional<Labels> l = resolved.get(line.series());
                if (l == null) {
                    l = known.get(line.series());
                    l = l != null ? l : resolve(line, target).map(store::canonical);
                    resolved.put(line.series(), l);
                }
                if (l.isPresent()) { // else dropped by metric_relabel_configs
                    kept.add(new Kept(l.get(), target.honorTimestamps() && line.hasTimestamp() ? line.timestampMs()
                            : ts, line.value()));
                }
            }
            caches.put(target.key(), new SeriesCache(target, resolved));
            if (target.sampleLimit() > 0 && kept.size() > target.sampleLimit()) {
                // Prometheus keeps none of a scrape over its limit (counted after metric relabeling): the target is
                // down for this scrape.
                throw new IOException("sample limit exceeded (" + kept.size() + " > " + target.sampleLimit() + ")");
            }
            for (Kept k : kept) {
                store.append(k.labels(), k.at(), k.value());
                seen.add(k.labels());
            }
            up = true;
        } catch (IOException | IllegalArgumentException e) {
            LOG.info("scrape of {} ({}) failed: {}", target.url(), target.job(), e.getMessage());
            up = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            up = false;
        }
        Set<Labels> before = previous.getOrDefault(target.key(), Set.of());
        int added = 0;
        for (Labels gone : before) {
            if (!seen.contains(gone)) {
                store.append(gone, ts, Staleness.STALE_NAN);
            }
        }
        for (Labels l : seen) {
            added += before.contains(l) ? 0 : 1;
        }
        previous.put(target.key(), seen);
        store.append(base.with("__name__", "up"), ts, up ? 1 : 0);
        store.append(base.with("__name__", "scrape_duration_seconds"), ts, (System.nanoTime() - start) / 1e9);
        store.append(base.with("__name__", "scrape_samples_scraped"), ts, up ? scraped : 0);
        store.append(base.with("__name__", "scrape_samples_post_metric_relabeling"), ts, seen.size());
        store.append(base.with("__name__", "scrape_series_added"), ts, added);
        return up;
    }
}
