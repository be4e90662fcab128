package dev.vigil.tls;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.jetty.HttpsConnectorFactory;
import jakarta.validation.constraints.NotEmpty;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code type: self-signed-https}: Dropwizard's https connector (every option of {@code type: https}) serving a
 * certificate Vigil makes for itself in {@code certificateDirectory} ({@link SelfSignedFiles}), instead of a key
 * store. For HTTPS on loopback with nothing to set up, which a client (or a tls probe) trusts by
 * {@code certificateDirectory/self-signed.crt}; for a certificate others must trust, use {@code type: https}.
 */
@JsonTypeName("self-signed-https")
public class SelfSignedHttpsConnectorFactory extends HttpsConnectorFactory {
    /** A year, renewed at start when fewer than 30 days are left. */
    static final Duration VALIDITY = Duration.ofDays(365);
    static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private static final Logger LOG = LoggerFactory.getLogger(SelfSignedHttpsConnectorFactory.class);

    @NotEmpty
    private String certificateDirectory = "data/tls";

    @NotEmpty
    private List<@NotEmpty String> names = List.of("localhost", "127.0.0.1");

    @JsonProperty
    public String getCertificateDirectory() {
        return certificateDirectory;
    }

    @JsonProperty
    public void setCertificateDirectory(String certificateDirectory) {
        this.certificateDirectory = certificateDirectory;
    }

    @JsonProperty
    public List<String> getNames() {
        return names;
    }

    @JsonProperty
    public void setNames(List<String> names) {
        this.names = names;
    }

    /** No key store to name: the certificate is made in {@code certificateDirectory}. */
    @Override
    public boolean isValidKeyStorePath() {
        return true;
    }

    /** The in-memory key store's password is made at start, never configured. */
    @Override
    public boolean isValidKeyStorePassword() {
        return true;
    }

    @Override
    protected SslContextFactory.Server configureSslContextFactory(SslContextFactory factory) {
        SslContextFactory.Server server = super.configureSslContextFactory(factory);
        try {
            SelfSignedFiles.Loaded loaded = SelfSignedFiles.loadOrMake(Path.of(certificateDirectory), names,
                    Instant.now(), VALIDITY, RENEW_BEFORE);
            if (loaded.made()) {
                LOG.info("made a self-signed certificate for {}, valid until {}: clients trust it with {}", names,
                        loaded.certificate().certificate().getNotAfter().toInstant(),
                        loaded.certificateFile().toAbsolutePath());
            }
            byte[] secret = new byte[18];
            new SecureRandom().nextBytes(secret);
            String password = Base64.getEncoder().encodeToString(secret);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("vigil", loaded.certificate().key(), password.toCharArray(),
                    new Certificate[] {loaded.certificate().certificate()});
            server.setKeyStore(store);
            server.setKeyStorePassword(password);
            server.setKeyManagerPassword(password);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("self-signed-https: " + certificateDirectory + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("self-signed-https: " + e.getMessage(), e);
        }
    }
}
