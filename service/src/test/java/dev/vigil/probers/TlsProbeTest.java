package dev.vigil.probers;

import dev.vigil.probe.Condition;
import dev.vigil.probe.ProbeResult;
import dev.vigil.probe.ProbeSeries;
import dev.vigil.probe.ProbeSpec;
import dev.vigil.probe.ProbeTarget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.TestCertificates;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * tls probes against TLS servers on loopback with certificates the test makes: one from a CA (expiring in 10 days),
 * one for another name, one that signs itself.
 */
class TlsProbeTest {
    static TestCertificates.Issued ca;
    static SSLServerSocket good;
    static SSLServerSocket selfSigned;

    @BeforeAll
    static void start() throws Exception {
        TestCertificates certs = new TestCertificates(Files.createTempDirectory(Files.createDirectories(
                Path.of("target", "scenarios")), "tls-probe"));
        ca = certs.authority("probe-ca");
        good = serve(certs.issue("db", "dns:db.internal,ip:127.0.0.1", 10, ca).context(null));
        selfSigned = serve(certs.issue("lonely", "dns:lonely.internal", 90, null).context(null));
    }

    private static SSLServerSocket serve(SSLContext ctx) throws Exception {
        SSLServerSocket s = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!s.isClosed()) {
                try (SSLSocket c = (SSLSocket) s.accept()) {
                    c.startHandshake();
                } catch (Exception e) {
                    // a probe that hung up, or the socket closed
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return s;
    }

    @AfterAll
    static void stop() throws Exception {
        good.close();
        selfSigned.close();
    }

    private static ProbeResult run(ProbeTarget.Tls t, String... conditions) {
        List<String> texts = conditions.length == 0 ? t.defaultConditions() : List.of(conditions);
        ProbeSpec spec = new ProbeSpec("tls", t, Duration.ofSeconds(30), Duration.ofSeconds(5),
                texts.stream().map(Condition::parse).toList(), Map.of(), Optional.empty());
        return ProbeResult.evaluate(spec, new TlsProbe().probe(t, spec.timeout()), Instant.now());
    }

    @Test
    void aTrustedCertificateExpiringInTenDays() {
        ProbeTarget.Tls t = new ProbeTarget.Tls("127.0.0.1", good.getLocalPort(), "db.internal", ca.certPem().toString());
        ProbeResult r = run(t, "[CONNECTED] == true", "[TLS_VERIFIED] == true", "[CERTIFICATE_EXPIRATION] > 9d",
                "[CERTIFICATE_EXPIRATION] < 11d");
        assertThat(r.failures()).isEmpty();
        // The alert a team wants: under two weeks left.
        ProbeResult soon = run(t, "[CERTIFICATE_EXPIRATION] > 14d");
        assertThat(soon.success()).isFalse();
        assertThat(soon.failures()).singleElement().asString().startsWith("[CERTIFICATE_EXPIRATION] > 14d (got 1w2d");
        assertThat(ProbeSeries.of(soon)).anySatisfy(s -> assertThat(s.name()).isEqualTo("probe_ssl_earliest_cert_expiry"));
        // The leaf (10 days) expires before its CA (a year): the earliest is the leaf's, and so is the leaf series.
        double earliest = ProbeSeries.of(soon).stream().filter(s -> s.name().equals("probe_ssl_earliest_cert_expiry"))
                .findFirst().orElseThrow().value();
        assertThat(ProbeSeries.of(soon)).anySatisfy(s -> {
            assertThat(s.name()).isEqualTo("probe_ssl_leaf_cert_expiry");
            assertThat(s.value()).isEqualTo(earliest);
        });
        // The IP SAN matches too when no server_name is given.
        assertThat(run(new ProbeTarget.Tls("127.0.0.1", good.getLocalPort(), "", ca.certPem().toString())).success())
                .isTrue();
    }

    @Test
    void aWrongNameOrAnUnknownAuthorityIsNotVerifiedAndSaysWhy() {
        ProbeResult wrongName = run(new ProbeTarget.Tls("127.0.0.1", good.getLocalPort(), "api.internal",
                ca.certPem().toString()));
        assertThat(wrongName.success()).isFalse();
        assertThat(wrongName.failures()).containsExactly("[TLS_VERIFIED] == true (got false)",
                "x509: certificate is valid for db.internal, not api.internal");

        ProbeResult untrusted = run(new ProbeTarget.Tls("127.0.0.1", selfSigned.getLocalPort(), "lonely.internal", ""),
                "[CONNECTED] == true", "[TLS_VERIFIED] == true", "[CERTIFICATE_EXPIRATION] > 80d");
        assertThat(untrusted.failures()).containsExactly("[TLS_VERIFIED] == true (got false)",
                "x509: certificate signed by unknown authority");
    }

    @Test
    void nothingListeningIsNotConnected() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        ProbeResult r = run(new ProbeTarget.Tls("127.0.0.1", closed, "", ""));
        assertThat(r.success()).isFalse();
        assertThat(r.failures().get(0)).isEqualTo("[CONNECTED] == true (got false)");
    }
}
