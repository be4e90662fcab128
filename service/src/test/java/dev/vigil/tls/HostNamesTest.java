package dev.vigil.tls;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A certificate's names checked as Go checks them: SANs only, one label per wildcard, IPs against IP SANs. */
class HostNamesTest {
    static X509Certificate cert;

    @BeforeAll
    static void make() throws Exception {
        TestCertificates certs = new TestCertificates(Files.createTempDirectory(Files.createDirectories(
                Path.of("target", "scenarios")), "names"));
        TestCertificates.Issued issued = certs.issue("web", "dns:*.example.org,dns:example.net,ip:10.0.0.1", 10, null);
        cert = Pem.certificates(Files.readString(issued.certPem()), "web.crt").get(0);
    }

    @Test
    void namesAndAddresses() {
        assertThatCode(() -> HostNames.verify(cert, "www.example.org")).doesNotThrowAnyException();
        assertThatCode(() -> HostNames.verify(cert, "WWW.Example.ORG.")).doesNotThrowAnyException();
        assertThatCode(() -> HostNames.verify(cert, "example.net")).doesNotThrowAnyException();
        assertThatCode(() -> HostNames.verify(cert, "10.0.0.1")).doesNotThrowAnyException();
        assertThatThrownBy(() -> HostNames.verify(cert, "a.b.example.org"))
                .hasMessage("x509: certificate is valid for *.example.org, example.net, not a.b.example.org");
        assertThatThrownBy(() -> HostNames.verify(cert, "example.org"))
                .hasMessage("x509: certificate is valid for *.example.org, example.net, not example.org");
        assertThatThrownBy(() -> HostNames.verify(cert, "10.0.0.2"))
                .hasMessage("x509: certificate is valid for 10.0.0.1, not 10.0.0.2");
        // The common name (CN=web) is not a name the certificate is valid for, as in Go since 1.15.
        assertThatThrownBy(() -> HostNames.verify(cert, "web")).hasMessageContaining("not web");
    }
}
