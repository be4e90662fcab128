package dev.vigil.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.util.Resources;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The private-key PEM forms Go reads: PKCS#8, PKCS#1 (RSA) and SEC 1 (EC), the last two made by openssl. */
class PemTest {
    private static String resource(String name) throws Exception {
        try (var in = Resources.getResource("tls/" + name).openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void everyFormOpensslWrites() throws Exception {
        PrivateKey rsa = Pem.privateKey(resource("test-only-rsa-pkcs1.key"), "rsa.key");
        assertThat(rsa.getAlgorithm()).isEqualTo("RSA");
        PrivateKey ec = Pem.privateKey(resource("test-only-ec-sec1.key"), "ec.key");
        assertThat(ec.getAlgorithm()).isEqualTo("EC");
        assertThat(((java.security.interfaces.ECPrivateKey) ec).getParams().getCurve().getField().getFieldSize())
                .isEqualTo(256);

        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        PrivateKey pkcs8 = g.generateKeyPair().getPrivate();
        String pem = "junk before\n-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(pkcs8.getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        assertThat(Pem.privateKey(pem, "pkcs8.key").getEncoded()).isEqualTo(pkcs8.getEncoded());
    }

    @Test
    void whatIsNotAKeyOrCertificateIsNamedByFile() {
        assertThatThrownBy(() -> Pem.privateKey("nothing here", "/etc/x.key"))
                .hasMessage("/etc/x.key: no PEM private key block (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
        assertThatThrownBy(() -> Pem.privateKey("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n"
                + "-----END ENCRYPTED PRIVATE KEY-----\n", "/etc/x.key")).hasMessageContaining("encrypted");
        assertThatThrownBy(() -> Pem.certificates("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                "/etc/ca.pem")).hasMessageStartingWith("/etc/ca.pem: a certificate does not parse");
    }
}
