package dev.vigil.tls;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;

/**
 * A self-signed certificate kept in a directory ({@value #CERTIFICATE}, and {@value #KEY} readable by its owner
 * only): read at start, and made anew when missing, unreadable, not a pair, for other names, or within
 * {@code renewBefore} of expiry. Kept across restarts, so a client that trusts the certificate's file goes on
 * trusting it. Processes sharing the directory take a lock on it while they read or make the files.
 */
public final class SelfSignedFiles {
    public static final String CERTIFICATE = "self-signed.crt";
    public static final String KEY = "self-signed.key";

    /** What was served, and whether it was made now (for the log line that tells where the file is). */
    public record Loaded(SelfSignedCertificate certificate, Path certificateFile, boolean made) {
    }

    private SelfSignedFiles() {
    }

    public static Loaded loadOrMake(Path dir, List<String> names, Instant now, Duration validity,
                                    Duration renewBefore) throws IOException {
        Files.createDirectories(dir);
        Path certFile = dir.resolve(CERTIFICATE);
        Path keyFile = dir.resolve(KEY);
        try (FileChannel lockFile = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
            SelfSignedCertificate kept = read(certFile, keyFile);
            if (kept != null && kept.matches() && new HashSet<>(kept.names()).equals(new HashSet<>(names))
                    && kept.certificate().getNotAfter().toInstant().isAfter(now.plus(renewBefore))) {
                return new Loaded(kept, certFile, false);
            }
            SelfSignedCertificate made;
            try {
                // An hour back, so a client whose clock is a little behind does not see it as not yet valid.
                made = SelfSignedCertificate.make(names, now.minus(Duration.ofHours(1)), now.plus(validity),
                        new SecureRandom());
            } catch (GeneralSecurityException e) {
                throw new IOException("could not make a self-signed certificate: " + e.getMessage(), e);
            }
            write(keyFile, Pem.encode("PRIVATE KEY", made.key().getEncoded()), true);
            try {
                write(certFile, Pem.encode("CERTIFICATE", made.certificate().getEncoded()), false);
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IOException(e);
            }
            return new Loaded(made, certFile, true);
        }
    }

    private static SelfSignedCertificate read(Path certFile, Path keyFile) {
        if (!Files.isRegularFile(certFile) || !Files.isRegularFile(keyFile)) {
            return null;
        }
        try {
            return new SelfSignedCertificate(Pem.privateKey(Files.readString(keyFile), keyFile.toString()),
                    Pem.certificates(Files.readString(certFile), certFile.toString()).get(0));
        } catch (IOException e) {
            return null; // made anew
        }
    }

    /** Written beside and moved into place, so a reader never sees half a file; the key is its owner's only. */
    private static void write(Path file, String pem, boolean secret) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (secret && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(tmp, pem, StandardCharsets.US_ASCII);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
