package dev.vigil.probers;

import dev.vigil.probe.Observation;
import dev.vigil.probe.Placeholder;
import dev.vigil.probe.ProbeTarget;
import dev.vigil.probe.Prober;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/** An http probe's request: {@code [STATUS]}, {@code [BODY]}, {@code [CERTIFICATE_EXPIRATION]}; never throws. */
public final class HttpProbe implements Prober<ProbeTarget.Http> {
    // HTTP/1.1 on plain http, as the blackbox exporter and Gatus speak it: no h2c upgrade on every probe (Jetty
    // servers answer an upgraded request only after the upgrade completes); https still offers HTTP/2 by ALPN.
    private final HttpClient following = client(HttpClient.Redirect.NORMAL, HttpClient.Version.HTTP_2);
    private final HttpClient notFollowing = client(HttpClient.Redirect.NEVER, HttpClient.Version.HTTP_2);
    private final HttpClient followingPlain = client(HttpClient.Redirect.NORMAL, HttpClient.Version.HTTP_1_1);
    private final HttpClient notFollowingPlain = client(HttpClient.Redirect.NEVER, HttpClient.Version.HTTP_1_1);

    private static HttpClient client(HttpClient.Redirect redirect, HttpClient.Version version) {
        return HttpClient.newBuilder().followRedirects(redirect).version(version)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public Observation probe(ProbeTarget.Http t, Duration timeout) {
        long start = System.nanoTime();
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(t.url())).timeout(timeout)
                    .method(t.method(), t.body().isEmpty() ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(t.body()));
            t.headers().forEach(b::header);
            b.setHeader("User-Agent", "Vigil-probe");
            boolean plain = t.url().startsWith("http:");
            HttpClient client = t.followRedirects() ? (plain ? followingPlain : following)
                    : (plain ? notFollowingPlain : notFollowing);
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Observation.Builder().put(Placeholder.STATUS, r.statusCode()).put(Placeholder.BODY, r.body())
                    .put(Placeholder.CONNECTED, true).expiry(certificateExpiry(r))
                    .series("probe_http_status_code", r.statusCode()).took(Prober.since(start));
        } catch (HttpTimeoutException e) {
            return failed("timed out after " + timeout.toMillis() + "ms", start);
        } catch (IOException e) {
            return failed("request failed: " + e, start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed("interrupted", start);
        } catch (IllegalArgumentException e) {
            return failed("bad request: " + e.getMessage(), start);
        }
    }

    private static Observation failed(String why, long start) {
        return Observation.failed(why, Prober.since(start), Map.of(Placeholder.STATUS, "0",
                Placeholder.CONNECTED, "false"));
    }

    private static Optional<Instant> certificateExpiry(HttpResponse<?> r) {
        return r.sslSession().flatMap(s -> {
            try {
                return Arrays.stream(s.getPeerCertificates()).filter(c -> c instanceof X509Certificate)
                        .map(c -> ((X509Certificate) c).getNotAfter().toInstant()).min(Instant::compareTo);
            } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
                return Optional.<Instant>empty();
            }
        });
    }
}
