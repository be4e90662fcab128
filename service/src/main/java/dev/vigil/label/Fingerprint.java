package dev.vigil.label;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A short, stable hash of a label set: an alert's identity in storage and URLs. */
public final class Fingerprint {
    private Fingerprint() {
    }

    public static String of(Labels labels) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(labels.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
