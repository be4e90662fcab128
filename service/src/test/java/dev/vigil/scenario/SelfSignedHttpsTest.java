package dev.vigil.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.RulesLoader;
import dev.vigil.probe.ProbeResult;
import dev.vigil.probe.ProbeSpec;
import dev.vigil.probe.ProbeTarget;
import dev.vigil.probers.TlsProbe;
import dev.vigil.runbook.RunbookCatalog;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestDatabase;
import dev.vigil.testing.VigilHarness;
import dev.vigil.tls.SelfSignedFiles;
import io.dropwizard.testing.ConfigOverride;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/**
 * config.yml's HTTPS listener ({@code type: self-signed-https}) in the real application: a client that trusts the
 * certificate file Vigil made gets the API; the example tls probe in rules/ succeeds against it with its own
 * conditions; a restart serves the same certificate.
 */
class SelfSignedHttpsTest {
    private static VigilHarness start(Path work) {
        return new VigilHarness("test-config-https.yml", TestDatabase.h2(), "heartbeat", work, Map.of(),
                new MutableClock(Instant.now()), ConfigOverride.config("server.applicationConnectors[1]"
                        + ".certificateDirectory", work.resolve("tls").toString())).start();
    }

    @Test
    void aClientTrustingTheMadeCertificateReachesTheApiAndTheExampleProbeSucceeds() throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "scenarios")), "https");
        Path certificate = work.resolve("tls").resolve(SelfSignedFiles.CERTIFICATE);
        X509Certificate served;
        try (VigilHarness app = start(work)) {
            int port = app.port(1);
            HttpResponse<String> r = client(certificate).send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + port + "/api/v1/probes")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("nightly-backup");
            served = (X509Certificate) r.sslSession().orElseThrow().getPeerCertificates()[0];

            ProbeSpec example = RulesLoader.load(Path.of("../rules"),
                    RunbookCatalog.scan(Path.of("../runbooks"), "http://localhost/").ids(), Instant.now())
                    .rules().orElseThrow().probes().get("vigil-https");
            ProbeTarget.Tls shipped = (ProbeTarget.Tls) example.target();
            assertThat(shipped.caFile()).isEqualTo("data/tls/" + SelfSignedFiles.CERTIFICATE);
            ProbeTarget.Tls here = new ProbeTarget.Tls(shipped.host(), port, shipped.serverName(), certificate.toString());
            ProbeResult result = ProbeResult.evaluate(example, new TlsProbe().probe(here, example.timeout()),
                    Instant.now());
            assertThat(result.failures()).isEmpty();
            assertThat(result.success()).isTrue();

            ProbeTarget.Tls wrongName = new ProbeTarget.Tls("127.0.0.1", port, "vigil.example.com",
                    certificate.toString());
            ProbeResult refused = ProbeResult.evaluate(example, new TlsProbe().probe(wrongName, example.timeout()),
                    Instant.now());
            assertThat(refused.success()).isFalse();
            assertThat(String.join("\n", refused.failures())).contains("[TLS_VERIFIED]");
        }
        try (VigilHarness restarted = start(work)) {
            HttpResponse<String> r = client(certificate).send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + restarted.port(1) + "/api/v1/probes")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.sslSession().orElseThrow().getPeerCertificates()[0]).isEqualTo(served);
        }
    }

    /** A Java client that trusts only {@code certificate}, checking host names as HTTPS clients do. */
    private static HttpClient client(Path certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (var in = Files.newInputStream(certificate)) {
            trust.setCertificateEntry("vigil", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(5)).build();
    }
}
