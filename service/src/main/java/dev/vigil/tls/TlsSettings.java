package dev.vigil.tls;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * How a client checks a TLS server and shows itself, as Prometheus's {@code tls_config} says: the CA bundle to trust
 * ({@code ca_file}; the JVM's trust store when none), a client certificate ({@code cert_file} + {@code key_file},
 * PEM), the name the server's certificate must carry ({@code server_name}; the host connected to when empty, and
 * sent as SNI), {@code insecure_skip_verify}, and the lowest protocol ({@code min_version}). The certificate's name
 * is checked as Go checks it: its subject alternative names only, no fallback to the common name.
 */
public record TlsSettings(String caFile, String certFile, String keyFile, String serverName,
                          boolean insecureSkipVerify, String minVersion) {
    /** No settings: the JVM's trust store and the host's own name. */
    public static final TlsSettings DEFAULT = new TlsSettings("", "", "", "", false, "");

    private static final List<String> VERSIONS = List.of("TLS10", "TLS11", "TLS12", "TLS13");

    /** Refuses what Prometheus refuses: a key without its certificate (or the reverse), an unknown version. */
    public TlsSettings {
        if (!certFile.isEmpty() && keyFile.isEmpty()) {
            throw new IllegalArgumentException("client cert file \"" + certFile + "\" specified without client key file");
        }
        if (certFile.isEmpty() && !keyFile.isEmpty()) {
            throw new IllegalArgumentException("client key file \"" + keyFile + "\" specified without client cert file");
        }
        if (!minVersion.isEmpty() && !VERSIONS.contains(minVersion.toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException("unknown TLS version: " + minVersion + " (expected: TLS10, TLS11, TLS12 "
                    + "or TLS13)");
        }
    }

    /** The files these settings read, for noticing that one changed (a renewed certificate). */
    public List<Path> files() {
        List<Path> out = new ArrayList<>();
        for (String f : List.of(caFile, certFile, keyFile)) {
            if (!f.isEmpty()) {
                out.add(Path.of(f));
            }
        }
        return out;
    }

    /** An SSL context with these settings' trust and client certificate; IOException names the file that failed. */
    public SSLContext context() throws IOException {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keyManagers(), new X509ExtendedTrustManager[] {new Checking(baseTrust(), serverName,
                    insecureSkipVerify)}, new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS settings: " + e.getMessage(), e);
        }
    }

    /**
     * Checks a server's chain and name as a connection with these settings would ({@code host}: the host connected
     * to, used when {@code server_name} is empty): for a probe that connects whatever the certificate and then says
     * whether it would have been trusted, and why not.
     */
    public void verifyServer(X509Certificate[] chain, String authType, String host) throws IOException,
            CertificateException {
        try {
            new Checking(baseTrust(), serverName, insecureSkipVerify).check(chain, authType, host);
        } catch (GeneralSecurityException e) {
            if (e instanceof CertificateException c) {
                throw c;
            }
            throw new IOException("TLS settings: " + e.getMessage(), e);
        }
    }

    /** Parameters for a connection: SNI with {@code server_name} when set, protocols from {@code min_version}. */
    public SSLParameters parameters(SSLContext ctx) {
        SSLParameters p = ctx.getDefaultSSLParameters();
        if (!serverName.isEmpty()) {
            p.setServerNames(List.of(new SNIHostName(serverName)));
        }
        if (!minVersion.isEmpty()) {
            int min = VERSIONS.indexOf(minVersion.toUpperCase(Locale.ROOT));
            List<String> allowed = new ArrayList<>();
            for (String v : p.getProtocols()) {
                int at = VERSIONS.indexOf(v.replace("TLSv1.", "TLS1").replace("TLSv1", "TLS10"));
                if (at >= min) {
                    allowed.add(v);
                }
            }
            p.setProtocols(allowed.toArray(String[]::new));
        }
        return p;
    }

    private X509TrustManager baseTrust() throws IOException, GeneralSecurityException {
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (caFile.isEmpty()) {
            f.init((KeyStore) null);
        } else {
            List<X509Certificate> cas = Pem.certificates(read(caFile), caFile);
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                ks.setCertificateEntry("ca-" + i, cas.get(i));
            }
            f.init(ks);
        }
        for (var tm : f.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    private KeyManager[] keyManagers() throws IOException, GeneralSecurityException {
        if (certFile.isEmpty()) {
            return null;
        }
        List<X509Certificate> chain = Pem.certificates(read(certFile), certFile);
        PrivateKey key = Pem.privateKey(read(keyFile), keyFile);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        char[] none = new char[0];
        ks.setKeyEntry("client", key, none, chain.toArray(Certificate[]::new));
        KeyManagerFactory f = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        f.init(ks, none);
        return f.getKeyManagers();
    }

    private static String read(String file) throws IOException {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new IOException("cannot read " + file + ": " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * Checks the server's chain with the base trust, then its name against {@code server_name} or the host
     * connected to (what Go's crypto/tls does); with {@code insecure_skip_verify} checks nothing.
     */
    static final class Checking extends X509ExtendedTrustManager {
        private final X509TrustManager base;
        private final String serverName;
        private final boolean insecure;

        Checking(X509TrustManager base, String serverName, boolean insecure) {
            this.base = base;
            this.serverName = serverName;
            this.insecure = insecure;
        }

        private void check(X509Certificate[] chain, String authType, String peerHost) throws CertificateException {
            if (insecure) {
                return;
            }
            base.checkServerTrusted(chain, authType);
            String name = !serverName.isEmpty() ? serverName : peerHost == null ? "" : peerHost;
            if (!name.isEmpty()) {
                HostNames.verify(chain[0], name);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check(chain, authType, socket instanceof SSLSocket s && s.getHandshakeSession() != null
                    ? s.getHandshakeSession().getPeerHost() : null);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(chain, authType, engine == null ? null : engine.getPeerHost());
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain, authType, null);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            base.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            base.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            base.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return base.getAcceptedIssuers();
        }
    }

    /** The settings' description for a log line or an error: the files and options, never their content. */
    @Override
    public String toString() {
        return "tls(ca_file=" + caFile + ", cert_file=" + certFile + ", server_name=" + serverName
                + (insecureSkipVerify ? ", insecure_skip_verify" : "") + ")";
    }
}
