package dev.vigil.probe;

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
    private final HttpClient following = client(HttpClient.Redirect.NORMAL);
    private final HttpClient notFollowing = client(HttpClient.Redirect.NEVER);

    private static HttpClient client(HttpClient.Redirect redirect) {
        return HttpClient.newBuilder().followRedirects(redirect).connectTimeout(Duration.ofSeconds(10)).build();
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
            HttpResponse<String> r = (t.followRedirects() ? following : notFollowing)
                    .send(b.build(), HttpResponse.BodyHandlers.ofString());
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
