package dev.vigil.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates made by a test with the JDK's own keytool: a CA, and certificates it signs (or that sign themselves)
 * for chosen names and lifetimes; each as a PKCS#12 store and as PEM files, as a server or a Prometheus-style
 * client would use them.
 */
public final class TestCertificates {
    public static final String PASSWORD = "changeit";
    private final Path dir;

    public TestCertificates(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir).toAbsolutePath();
    }

    /** A key pair with its certificate: the PKCS#12 store, and the certificate and key as PEM files. */
    public record Issued(Path store, Path certPem, Path keyPem) {
        /** A server's (or client's) SSL context presenting this certificate, trusting {@code trusted} if given. */
        public SSLContext context(Path trustedPem) throws Exception {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                ks.load(in, PASSWORD.toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, PASSWORD.toCharArray());
            TrustManagerFactory tmf = null;
            if (trustedPem != null) {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                try (InputStream in = Files.newInputStream(trustedPem)) {
                    trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509")
                            .generateCertificate(in));
                }
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return ctx;
        }
    }

    /** A CA that can sign the certificates below. */
    public Issued authority(String name) throws Exception {
        Path store = dir.resolve(name + ".p12");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-ext", "bc:c", "-validity", "365", "-keystore", store.toString());
        return pem(name, store);
    }

    /**
     * A certificate for {@code sans} (keytool's form: {@code dns:localhost,ip:127.0.0.1}) valid for {@code days},
     * signed by {@code ca}, or by itself when {@code ca} is null.
     */
    public Issued issue(String name, String sans, int days, Issued ca) throws Exception {
        Path store = dir.resolve(name + ".p12");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-validity", String.valueOf(days), "-ext", "SAN=" + sans, "-keystore", store.toString());
        if (ca != null) {
            Path csr = dir.resolve(name + ".csr");
            Path signed = dir.resolve(name + ".signed.pem");
            keytool("-certreq", "-alias", name, "-keystore", store.toString(), "-file", csr.toString());
            String caAlias = ca.store().getFileName().toString().replace(".p12", "");
            keytool("-gencert", "-alias", caAlias, "-keystore", ca.store().toString(), "-infile", csr.toString(),
                    "-outfile", signed.toString(), "-rfc", "-validity", String.valueOf(days), "-ext", "SAN=" + sans);
            keytool("-importcert", "-noprompt", "-alias", caAlias, "-keystore", store.toString(), "-file",
                    ca.certPem().toString());
            keytool("-importcert", "-noprompt", "-alias", name, "-keystore", store.toString(), "-file",
                    signed.toString());
        }
        return pem(name, store);
    }

    /** The certificate chain and the private key of {@code store} as PEM files beside it. */
    private Issued pem(String alias, Path store) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        Base64.Encoder b64 = Base64.getMimeEncoder(64, "\n".getBytes());
        StringBuilder certs = new StringBuilder();
        List<java.security.cert.Certificate> chain = new ArrayList<>(List.of(ks.getCertificateChain(alias)));
        for (java.security.cert.Certificate c : chain) {
            certs.append("-----BEGIN CERTIFICATE-----\n").append(b64.encodeToString(c.getEncoded()))
                    .append("\n-----END CERTIFICATE-----\n");
        }
        PrivateKey key = (PrivateKey) ks.getKey(alias, PASSWORD.toCharArray());
        Path certPem = dir.resolve(alias + ".crt");
        Path keyPem = dir.resolve(alias + ".key");
        Files.writeString(certPem, certs);
        Files.writeString(keyPem, "-----BEGIN PRIVATE KEY-----\n" + b64.encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        return new Issued(store, certPem, keyPem);
    }

    private void keytool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + out);
        }
    }
}
