package dev.vigil.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Certificates and private keys from PEM files as Go reads them: certificates from every {@code CERTIFICATE} block;
 * a key as PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC 1 ({@code EC PRIVATE KEY}).
 * Errors name the file, never its content.
 */
public final class Pem {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    private static final byte[] RSA_OID = Der.oid("1.2.840.113549.1.1.1");
    private static final byte[] EC_OID = Der.oid("1.2.840.10045.2.1");

    private Pem() {
    }

    private record Block(String type, byte[] der) {
    }

    private static List<Block> blocks(String pem) {
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
        }
        return out;
    }

    /** Every certificate in {@code pem}; IOException when there is none or one does not parse. */
    public static List<X509Certificate> certificates(String pem, String file) throws IOException {
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory f = CertificateFactory.getInstance("X.509");
            for (Block b : blocks(pem)) {
                if (b.type().equals("CERTIFICATE")) {
                    out.add((X509Certificate) f.generateCertificate(new ByteArrayInputStream(b.der())));
                }
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(file + ": a certificate does not parse (" + e.getClass().getSimpleName() + ")", e);
        }
        if (out.isEmpty()) {
            throw new IOException(file + ": no PEM CERTIFICATE block");
        }
        return out;
    }

    /** {@code der} as one PEM block of {@code type} ({@code CERTIFICATE}, {@code PRIVATE KEY}), 64 columns wide. */
    public static String encode(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** The first private key in {@code pem}. */
    public static PrivateKey privateKey(String pem, String file) throws IOException {
        for (Block b : blocks(pem)) {
            try {
                switch (b.type()) {
                    case "PRIVATE KEY":
                        return pkcs8(b.der());
                    case "RSA PRIVATE KEY":
                        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
                                wrap(RSA_OID, new byte[] {0x05, 0x00}, b.der())));
                    case "EC PRIVATE KEY":
                        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(
                                wrap(EC_OID, curveOf(b.der()), b.der())));
                    case "ENCRYPTED PRIVATE KEY":
                        throw new IOException(file + ": the private key is encrypted (Prometheus reads only plain keys)");
                    default:
                        break;
                }
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new IOException(file + ": the private key does not parse (" + e.getClass().getSimpleName() + ")",
                        e);
            }
        }
        throw new IOException(file + ": no PEM private key block (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        for (String alg : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (java.security.spec.InvalidKeySpecException e) {
                // the next algorithm
            }
        }
        throw new java.security.spec.InvalidKeySpecException("not an RSA, EC or Ed25519 key");
    }

    /** PKCS#8's PrivateKeyInfo around a PKCS#1 or SEC 1 key: version 0, the algorithm and its parameter, the key. */
    private static byte[] wrap(byte[] oid, byte[] parameter, byte[] key) {
        byte[] algorithm = Der.tlv(0x30, Der.concat(oid, parameter));
        return Der.tlv(0x30, Der.concat(new byte[] {0x02, 0x01, 0x00}, algorithm, Der.tlv(0x04, key)));
    }

    /** The named curve's OID (its whole TLV) from a SEC 1 ECPrivateKey's [0] parameters. */
    private static byte[] curveOf(byte[] sec1) {
        int[] at = {0};
        Der.header(sec1, at); // SEQUENCE
        while (at[0] < sec1.length) {
            int tag = sec1[at[0]] & 0xff;
            int len = Der.header(sec1, at);
            if (tag == 0xa0) {
                byte[] out = new byte[len];
                System.arraycopy(sec1, at[0], out, 0, len);
                return out;
            }
            at[0] += len;
        }
        throw new IllegalArgumentException("EC key without its curve");
    }
}
