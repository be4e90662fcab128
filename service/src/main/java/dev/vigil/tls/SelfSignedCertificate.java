package dev.vigil.tls;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * A self-signed certificate made with the JDK alone (no keytool, no extra library): an EC P-256 key, the names as
 * subject alternative names (DNS names, and IP addresses for IP literals, as Go and browsers check them), a server
 * certificate's key usages, signed with ECDSA over SHA-256. For a loopback listener a client can trust by its file;
 * not a CA: it signs nothing else.
 */
public record SelfSignedCertificate(PrivateKey key, X509Certificate certificate) {
    private static final byte[] ECDSA_SHA256 = Der.sequence(Der.oid("1.2.840.10045.4.3.2"));
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter GENERALIZED_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** A new key and certificate for {@code names}, valid from {@code notBefore} to {@code notAfter}. */
    public static SelfSignedCertificate make(List<String> names, Instant notBefore, Instant notAfter,
                                             SecureRandom random) throws GeneralSecurityException {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a certificate needs at least one name");
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        KeyPair pair = generator.generateKeyPair();
        byte[] serial = new byte[16];
        random.nextBytes(serial);
        byte[] name = Der.sequence(Der.tlv(0x31, Der.sequence(Der.oid("2.5.4.3"),
                Der.tlv(0x0c, ("Vigil self-signed " + names.get(0)).getBytes(StandardCharsets.UTF_8)))));
        byte[] extensions = Der.sequence(
                extension("2.5.29.19", true, Der.sequence()),                               // basic constraints: not a CA
                extension("2.5.29.15", true, Der.tlv(0x03, new byte[] {0x07, (byte) 0x80})), // key usage: digitalSignature
                extension("2.5.29.37", false, Der.sequence(Der.oid("1.3.6.1.5.5.7.3.1"))),   // extended: serverAuth
                extension("2.5.29.17", false, alternativeNames(names)));
        byte[] tbs = Der.sequence(
                Der.tlv(0xa0, Der.tlv(0x02, new byte[] {2})),                              // version 3
                Der.tlv(0x02, new BigInteger(1, serial).toByteArray()),
                ECDSA_SHA256, name, Der.sequence(time(notBefore), time(notAfter)), name,
                pair.getPublic().getEncoded(),
                Der.tlv(0xa3, extensions));
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(pair.getPrivate(), random);
        signer.update(tbs);
        byte[] signature = Der.concat(new byte[] {0}, signer.sign());                   // no unused bits
        byte[] der = Der.sequence(tbs, ECDSA_SHA256, Der.tlv(0x03, signature));
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
        return new SelfSignedCertificate(pair.getPrivate(), cert);
    }

    /** Whether {@code key} is the private half of this certificate's public key. */
    public boolean matches() {
        try {
            byte[] probe = "vigil".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance("SHA256with" + (key.getAlgorithm().equals("EC") ? "ECDSA" : "RSA"));
            s.initSign(key);
            s.update(probe);
            byte[] signed = s.sign();
            s.initVerify(certificate.getPublicKey());
            s.update(probe);
            return s.verify(signed);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The certificate's subject alternative names (DNS names and IP addresses), in its order. */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        try {
            if (certificate.getSubjectAlternativeNames() != null) {
                for (List<?> n : certificate.getSubjectAlternativeNames()) {
                    out.add(String.valueOf(n.get(1)));
                }
            }
        } catch (java.security.cert.CertificateParsingException e) {
            return List.of();
        }
        return out;
    }

    private static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical ? Der.sequence(Der.oid(oid), new byte[] {0x01, 0x01, (byte) 0xff}, Der.tlv(0x04, value))
                : Der.sequence(Der.oid(oid), Der.tlv(0x04, value));
    }

    private static byte[] alternativeNames(List<String> names) {
        List<byte[]> general = new ArrayList<>();
        for (String n : names) {
            if (HostNames.isIpLiteral(n)) {
                try {
                    general.add(Der.tlv(0x87, InetAddress.getByName(n).getAddress()));     // iPAddress [7]
                } catch (UnknownHostException e) {
                    throw new IllegalArgumentException("not an IP address: " + n, e);
                }
            } else {
                general.add(Der.tlv(0x82, n.getBytes(StandardCharsets.US_ASCII)));       // dNSName [2]
            }
        }
        return Der.sequence(general.toArray(byte[][]::new));
    }

    /** RFC 5280: UTCTime through 2049, GeneralizedTime from 2050. */
    private static byte[] time(Instant t) {
        int year = t.atZone(ZoneOffset.UTC).getYear();
        return year < 2050 && year >= 1950
                ? Der.tlv(0x17, UTC_TIME.format(t).getBytes(StandardCharsets.US_ASCII))
                : Der.tlv(0x18, GENERALIZED_TIME.format(t).getBytes(StandardCharsets.US_ASCII));
    }
}
