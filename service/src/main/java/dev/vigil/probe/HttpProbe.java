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
import java.util.Optional;

/** Performs an http probe's request and reports what it saw; never throws for a failed request. */
public final class HttpProbe {
    private final HttpClient following = client(HttpClient.Redirect.NORMAL);
    private final HttpClient notFollowing = client(HttpClient.Redirect.NEVER);

    private static HttpClient client(HttpClient.Redirect redirect) {
        return HttpClient.newBuilder().followRedirects(redirect).connectTimeout(Duration.ofSeconds(10)).build();
    }

    public ProbeOutcome check(ProbeSpec spec) {
        long start = System.nanoTime();
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(spec.url())).timeout(spec.timeout())
                    .method(spec.method(), spec.body().isEmpty() ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(spec.body()));
            spec.headers().forEach(b::header);
            b.setHeader("User-Agent", "Vigil-probe");
            HttpResponse<String> r = (spec.followRedirects() ? following : notFollowing)
                    .send(b.build(), HttpResponse.BodyHandlers.ofString());
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            return new ProbeOutcome(r.statusCode(), took, r.body(), certificateExpiry(r), Optional.empty());
        } catch (HttpTimeoutException e) {
            return ProbeOutcome.failed("timed out after " + spec.timeout().toMillis() + "ms", elapsed(start));
        } catch (IOException e) {
            return ProbeOutcome.failed("request failed: " + e, elapsed(start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeOutcome.failed("interrupted", elapsed(start));
        } catch (IllegalArgumentException e) {
            return ProbeOutcome.failed("bad request: " + e.getMessage(), elapsed(start));
        }
    }

    private static Duration elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
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
