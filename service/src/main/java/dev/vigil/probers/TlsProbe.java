package dev.vigil.probers;

import dev.vigil.probe.Observation;
import dev.vigil.probe.Placeholder;
import dev.vigil.probe.ProbeTarget;
import dev.vigil.probe.Prober;

import dev.vigil.tls.HostNames;
import dev.vigil.tls.TlsSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509TrustManager;

/**
 * A tls probe: a handshake that completes whatever the certificate is, so that an expired or untrusted one is
 * still seen; then {@code [TLS_VERIFIED]} says whether the chain and the name would have been trusted (against
 * the JVM's trust store or {@code ca_file}, the name {@code server_name} or the host), with Go's reason when not.
 * {@code [CERTIFICATE_EXPIRATION]} is the earliest expiry in the chain the server sent; the series
 * {@code probe_ssl_leaf_cert_expiry} is the leaf's own.
 */
public final class TlsProbe implements Prober<ProbeTarget.Tls> {

    /** Accepts any chain, keeping it and the key exchange's type for the check after the handshake. */
    private static final class Capturing implements X509TrustManager {
        X509Certificate[] chain;
        String authType;

        @Override
        public void checkServerTrusted(X509Certificate[] c, String a) {
            chain = c;
            authType = a;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] c, String a) throws CertificateException {
            throw new CertificateException("a probe is a client");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    @Override
    public Observation probe(ProbeTarget.Tls t, Duration timeout) {
        long start = System.nanoTime();
        Capturing seen = new Capturing();
        try (Socket raw = new Socket()) {
            int ms = (int) Math.max(1, timeout.toMillis());
            raw.connect(new InetSocketAddress(t.host(), t.port()), ms);
            raw.setSoTimeout(ms);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new X509TrustManager[] {seen}, null);
            try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(raw, t.host(), t.port(), false)) {
                SSLParameters p = s.getSSLParameters();
                String name = t.serverName().isEmpty() ? t.host() : t.serverName();
                if (!HostNames.isIpLiteral(name)) { // SNI carries names only
                    p.setServerNames(List.of(new SNIHostName(name)));
                }
                s.setSSLParameters(p);
                s.startHandshake();
            }
        } catch (SocketTimeoutException e) {
            return Observation.failed("timed out after " + timeout.toMillis() + "ms (" + t.describe() + ")",
                    Prober.since(start), Map.of(Placeholder.CONNECTED, "false", Placeholder.TLS_VERIFIED, "false"));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            return Observation.failed("TLS handshake with " + t.describe() + " failed: " + e.getMessage(),
                    Prober.since(start), Map.of(Placeholder.CONNECTED, "false", Placeholder.TLS_VERIFIED, "false"));
        }
        Duration took = Prober.since(start);
        Observation.Builder b = new Observation.Builder().put(Placeholder.CONNECTED, true)
                .expiry(Arrays.stream(seen.chain).map(c -> c.getNotAfter().toInstant()).min(Instant::compareTo))
                .series("probe_ssl_leaf_cert_expiry", seen.chain[0].getNotAfter().toInstant().getEpochSecond());
        try {
            new TlsSettings(t.caFile(), "", "", t.serverName(), false, "").verifyServer(seen.chain, seen.authType,
                    t.host());
            b.put(Placeholder.TLS_VERIFIED, true);
        } catch (CertificateException e) {
            b.put(Placeholder.TLS_VERIFIED, false).note(reason(e));
        } catch (IOException e) {
            b.put(Placeholder.TLS_VERIFIED, false).note(e.getMessage());
        }
        return b.took(took);
    }

    /** The innermost message: "x509: certificate is valid for a, not b", or the path builder's words. */
    private static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() != null && !t.getMessage().startsWith("x509:")) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? e.toString() : t.getMessage();
        if (m.contains("unable to find valid certification path")) {
            return "x509: certificate signed by unknown authority";
        }
        if (t instanceof java.security.cert.CertificateExpiredException || m.contains("validity check failed")
                || m.contains("NotAfter")) {
            return "x509: certificate has expired or is not yet valid: " + m;
        }
        return m;
    }
}
