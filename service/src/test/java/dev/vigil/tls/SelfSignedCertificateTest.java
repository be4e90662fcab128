package dev.vigil.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The certificate Vigil makes for its own HTTPS listener, read back by the JDK's parser and checked as Go's clients
 * check names; and the directory that keeps it across restarts.
 */
class SelfSignedCertificateTest {
    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    private static final Duration YEAR = Duration.ofDays(365);
    private static final Duration MONTH = Duration.ofDays(30);

    @Test
    void aServerCertificateForItsNamesThatVerifiesItself() throws Exception {
        SelfSignedCertificate c = SelfSignedCertificate.make(List.of("localhost", "127.0.0.1", "::1"), NOW,
                NOW.plus(YEAR), new SecureRandom());
        assertThat(c.certificate().getVersion()).isEqualTo(3);
        assertThat(c.certificate().getNotBefore().toInstant()).isEqualTo(NOW);
        assertThat(c.certificate().getNotAfter().toInstant()).isEqualTo(NOW.plus(YEAR));
        assertThat(c.certificate().getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(c.certificate().getBasicConstraints()).isEqualTo(-1); // not a CA
        assertThat(c.certificate().getKeyUsage()[0]).isTrue();          // digitalSignature
        assertThat(c.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(c.names()).containsExactly("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");
        c.certificate().verify(c.certificate().getPublicKey());
        assertThat(c.matches()).isTrue();

        HostNames.verify(c.certificate(), "localhost");
        HostNames.verify(c.certificate(), "127.0.0.1");
        HostNames.verify(c.certificate(), "::1");
        assertThatThrownBy(() -> HostNames.verify(c.certificate(), "vigil.example.com"))
                .isInstanceOf(CertificateException.class).hasMessageContaining("vigil.example.com");
    }

    @Test
    void datesFrom2050AreGeneralizedTime() throws Exception {
        Instant late = Instant.parse("2051-06-01T12:30:00Z");
        SelfSignedCertificate c = SelfSignedCertificate.make(List.of("localhost"), NOW, late, new SecureRandom());
        assertThat(c.certificate().getNotAfter().toInstant()).isEqualTo(late);
    }

    @Test
    void aKeyFromAnotherPairDoesNotMatch() throws Exception {
        SelfSignedCertificate a = SelfSignedCertificate.make(List.of("localhost"), NOW, NOW.plus(YEAR), new SecureRandom());
        SelfSignedCertificate b = SelfSignedCertificate.make(List.of("localhost"), NOW, NOW.plus(YEAR), new SecureRandom());
        assertThat(new SelfSignedCertificate(a.key(), b.certificate()).matches()).isFalse();
    }

    @Test
    void theDirectoryKeepsItUntilItNearsExpiryOrTheNamesChange() throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "tmp")), "self-signed");
        List<String> names = List.of("localhost", "127.0.0.1");
        SelfSignedFiles.Loaded first = SelfSignedFiles.loadOrMake(dir, names, NOW, YEAR, MONTH);
        assertThat(first.made()).isTrue();
        assertThat(Files.readString(dir.resolve(SelfSignedFiles.CERTIFICATE))).startsWith("-----BEGIN CERTIFICATE-----\n");
        assertThat(Files.readString(dir.resolve(SelfSignedFiles.KEY))).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(SelfSignedFiles.KEY))))
                .isEqualTo("rw-------");

        SelfSignedFiles.Loaded again = SelfSignedFiles.loadOrMake(dir, names, NOW.plus(Duration.ofDays(300)), YEAR, MONTH);
        assertThat(again.made()).isFalse();
        assertThat(again.certificate().certificate()).isEqualTo(first.certificate().certificate());
        assertThat(again.certificate().matches()).isTrue();

        SelfSignedFiles.Loaded renewed = SelfSignedFiles.loadOrMake(dir, names, NOW.plus(Duration.ofDays(336)), YEAR, MONTH);
        assertThat(renewed.made()).isTrue();
        assertThat(renewed.certificate().certificate().getNotAfter().toInstant())
                .isEqualTo(NOW.plus(Duration.ofDays(336)).plus(YEAR));

        SelfSignedFiles.Loaded otherNames = SelfSignedFiles.loadOrMake(dir, List.of("vigil.internal"),
                NOW.plus(Duration.ofDays(336)), YEAR, MONTH);
        assertThat(otherNames.made()).isTrue();
        assertThat(otherNames.certificate().names()).containsExactly("vigil.internal");
    }

    @Test
    void aKeyAndCertificateThatAreNotAPairOrDoNotParseAreMadeAnew() throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "tmp")), "self-signed");
        List<String> names = List.of("localhost");
        SelfSignedFiles.loadOrMake(dir, names, NOW, YEAR, MONTH);
        SelfSignedCertificate stranger = SelfSignedCertificate.make(names, NOW, NOW.plus(YEAR), new SecureRandom());
        Files.writeString(dir.resolve(SelfSignedFiles.CERTIFICATE),
                Pem.encode("CERTIFICATE", stranger.certificate().getEncoded()));
        SelfSignedFiles.Loaded mismatched = SelfSignedFiles.loadOrMake(dir, names, NOW, YEAR, MONTH);
        assertThat(mismatched.made()).isTrue();
        assertThat(mismatched.certificate().matches()).isTrue();

        Files.writeString(dir.resolve(SelfSignedFiles.KEY), "not a key");
        SelfSignedFiles.Loaded unreadable = SelfSignedFiles.loadOrMake(dir, names, NOW, YEAR, MONTH);
        assertThat(unreadable.made()).isTrue();
        assertThat(SelfSignedFiles.loadOrMake(dir, names, NOW, YEAR, MONTH).made()).isFalse();
    }
}
