package dev.vigil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.vigil.config.StartupRefusedException;
import dev.vigil.promql.SeriesStore;
import dev.vigil.scrape.Scraper;
import dev.vigil.testing.TestCertificates;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * tls_config in scrape_configs against real TLS servers on loopback with certificates the test makes: a CA the JVM
 * does not trust, a server certificate for another name, a server that wants a client certificate.
 */
class TlsScrapeTest {
    static TestCertificates.Issued ca;
    static TestCertificates.Issued client;
    static TestCertificates.Issued otherCa;
    static Path dir;
    static HttpsServer server;       // certificate for dns:metrics.internal only
    static HttpsServer mutual;       // the same, and a client certificate from the CA required

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "scenarios")), "tls")
                .toAbsolutePath();
        TestCertificates certs = new TestCertificates(dir);
        ca = certs.authority("test-ca");
        otherCa = certs.authority("other-ca");
        TestCertificates.Issued internal = certs.issue("metrics", "dns:metrics.internal", 30, ca);
        client = certs.issue("scraper", "dns:scraper", 30, ca);
        server = serve(internal.context(null), false);
        mutual = serve(internal.context(ca.certPem()), true);
    }

    @AfterAll
    static void stop() {
        for (HttpsServer s : new HttpsServer[] {server, mutual}) {
            if (s != null) {
                s.stop(0);
            }
        }
    }

    private static HttpsServer serve(SSLContext ctx, boolean needClientAuth) throws Exception {
        HttpsServer s = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.setHttpsConfigurator(new HttpsConfigurator(ctx) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = getSSLContext().getDefaultSSLParameters();
                p.setNeedClientAuth(needClientAuth);
                params.setSSLParameters(p);
            }
        });
        s.createContext("/metrics", exchange -> {
            byte[] body = "app_up 1\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        s.start();
        return s;
    }

    private static VigilConfiguration.PrometheusScrapeConfig job(HttpsServer s, VigilConfiguration.TlsConfig tls) {
        VigilConfiguration.PrometheusScrapeConfig c = new VigilConfiguration.PrometheusScrapeConfig();
        c.jobName = "app";
        c.scheme = "https";
        VigilConfiguration.StaticConfig sc = new VigilConfiguration.StaticConfig();
        sc.targets = List.of("127.0.0.1:" + s.getAddress().getPort());
        c.staticConfigs = List.of(sc);
        c.tlsConfig = tls;
        return c;
    }

    private static VigilConfiguration.TlsConfig tls(Map<String, String> keys) {
        VigilConfiguration.TlsConfig t = new VigilConfiguration.TlsConfig();
        t.caFile = keys.getOrDefault("ca_file", "");
        t.certFile = keys.getOrDefault("cert_file", "");
        t.keyFile = keys.getOrDefault("key_file", "");
        t.serverName = keys.getOrDefault("server_name", "");
        t.insecureSkipVerify = keys.containsKey("insecure_skip_verify");
        return t;
    }

    private static boolean scrape(VigilConfiguration.PrometheusScrapeConfig c) {
        VigilConfiguration config = new VigilConfiguration();
        config.scrapeConfigs = List.of(c);
        Scraper.Target target = ScrapeTargets.of(config).get(0).target();
        return new Scraper(new SeriesStore(60_000), Clock.systemUTC()).scrape(target);
    }

    @Test
    void theServerIsCheckedAgainstCaFileAndServerName() {
        String caFile = ca.certPem().toString();
        assertThat(scrape(job(server, tls(Map.of("ca_file", caFile, "server_name", "metrics.internal")))))
                .as("trusted CA, the certificate's own name").isTrue();
        assertThat(scrape(job(server, null))).as("the JVM's trust store does not know the test's CA").isFalse();
        assertThat(scrape(job(server, tls(Map.of("ca_file", caFile))))).as("the certificate is not for 127.0.0.1")
                .isFalse();
        assertThat(scrape(job(server, tls(Map.of("ca_file", caFile, "server_name", "other.internal"))))).isFalse();
        assertThat(scrape(job(server, tls(Map.of("insecure_skip_verify", "true"))))).isTrue();
    }

    @Test
    void aClientCertificateIsShownWhenTheServerAsks() {
        Map<String, String> base = Map.of("ca_file", ca.certPem().toString(), "server_name", "metrics.internal");
        assertThat(scrape(job(mutual, tls(base)))).as("no client certificate").isFalse();
        Map<String, String> withCert = new java.util.HashMap<>(base);
        withCert.put("cert_file", client.certPem().toString());
        withCert.put("key_file", client.keyPem().toString());
        assertThat(scrape(job(mutual, tls(withCert)))).isTrue();
    }

    @Test
    void aChangedCaFileIsReadAgainWithoutARestart() throws Exception {
        Path bundle = dir.resolve("rotating-ca.pem");
        Files.copy(otherCa.certPem(), bundle, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        VigilConfiguration config = new VigilConfiguration();
        config.scrapeConfigs = List.of(job(server, tls(Map.of("ca_file", bundle.toString(),
                "server_name", "metrics.internal"))));
        Scraper.Target target = ScrapeTargets.of(config).get(0).target();
        Scraper scraper = new Scraper(new SeriesStore(60_000), Clock.systemUTC());
        assertThat(scraper.scrape(target)).as("a bundle without the server's CA").isFalse();

        Files.copy(ca.certPem(), bundle, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(bundle, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(bundle).toMillis() + 5_000));
        assertThat(scraper.scrape(target)).as("the same scraper, the bundle renewed").isTrue();
    }

    @Test
    void badSettingsAreRefusedAtStartNamingTheFieldAndFile() {
        VigilConfiguration config = new VigilConfiguration();
        config.scrapeConfigs = List.of(job(server, tls(Map.of("ca_file", "/nonexistent/ca.pem"))));
        assertThatThrownBy(() -> ScrapeTargets.of(config)).isInstanceOf(StartupRefusedException.class)
                .hasMessage("scrape_configs[0].tls_config: cannot read /nonexistent/ca.pem: NoSuchFileException");
        config.scrapeConfigs = List.of(job(server, tls(Map.of("cert_file", client.certPem().toString()))));
        assertThatThrownBy(() -> ScrapeTargets.of(config)).hasMessage("scrape_configs[0].tls_config: client cert file \""
                + client.certPem() + "\" specified without client key file");
        config.scrapeConfigs = List.of(job(server, tls(Map.of("ca_file", client.keyPem().toString()))));
        assertThatThrownBy(() -> ScrapeTargets.of(config)).hasMessage("scrape_configs[0].tls_config: "
                + client.keyPem() + ": no PEM CERTIFICATE block");
    }
}
