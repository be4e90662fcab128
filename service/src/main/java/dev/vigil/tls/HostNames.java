package dev.vigil.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a certificate is valid for a host name, as Go's {@code x509.Certificate.VerifyHostname}: an IP address
 * against the IP subject alternative names, a name against the DNS ones (a leading {@code *.} stands for exactly one
 * label), never the common name. The errors are Go's.
 */
public final class HostNames {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private HostNames() {
    }

    /** Throws CertificateException with Go's words when {@code cert} is not valid for {@code host}. */
    public static void verify(X509Certificate cert, String host) throws CertificateException {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    int type = (Integer) san.get(0);
                    if (type == 2) {
                        dns.add((String) san.get(1));
                    } else if (type == 7) {
                        ips.add((String) san.get(1));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            throw new CertificateException("x509: cannot parse the certificate's names", e);
        }
        if (isIpLiteral(h)) {
            if (ips.isEmpty()) {
                throw new CertificateException("x509: cannot validate certificate for " + h
                        + " because it doesn't contain any IP SANs");
            }
            for (String ip : ips) {
                if (sameAddress(ip, h)) {
                    return;
                }
            }
            throw new CertificateException("x509: certificate is valid for " + String.join(", ", ips) + ", not " + h);
        }
        String wanted = h.toLowerCase(Locale.ROOT);
        wanted = wanted.endsWith(".") ? wanted.substring(0, wanted.length() - 1) : wanted;
        for (String name : dns) {
            if (matches(name.toLowerCase(Locale.ROOT), wanted)) {
                return;
            }
        }
        if (dns.isEmpty()) {
            throw new CertificateException("x509: certificate is not valid for any names, but wanted to match " + h);
        }
        throw new CertificateException("x509: certificate is valid for " + String.join(", ", dns) + ", not " + h);
    }

    /** Whether {@code host} is an IP address as written (v4, or v6 with or without brackets): no SNI, IP SANs. */
    public static boolean isIpLiteral(String host) {
        return IPV4.matcher(host).matches() || host.contains(":");
    }

    private static boolean matches(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            int dot = host.indexOf('.');
            return dot > 0 && host.substring(dot).equals(pattern.substring(1));
        }
        return pattern.equals(host);
    }

    private static boolean sameAddress(String a, String b) {
        try {
            return InetAddress.getByName(a).equals(InetAddress.getByName(b)); // literals only: no lookup
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
