package dev.vigil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.config.StartupRefusedException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Prometheus's scrape_configs in config.yml: what is read, and what is refused at start by its path. */
class ScrapeTargetsTest {
    private static VigilConfiguration with(VigilConfiguration.PrometheusScrapeConfig c) {
        VigilConfiguration config = new VigilConfiguration();
        config.scrapeConfigs = List.of(c);
        return config;
    }

    private static VigilConfiguration.PrometheusScrapeConfig node(String... targets) {
        VigilConfiguration.PrometheusScrapeConfig c = new VigilConfiguration.PrometheusScrapeConfig();
        c.jobName = "node";
        VigilConfiguration.StaticConfig sc = new VigilConfiguration.StaticConfig();
        sc.targets = List.of(targets);
        sc.labels = Map.of("env", "prod");
        c.staticConfigs = List.of(sc);
        return c;
    }

    @Test
    void staticTargetsBecomeUrlsWithTheirLabelsAndAuthorization() {
        VigilConfiguration.PrometheusScrapeConfig c = node("n1:9100");
        c.params = Map.of("module", List.of("http_2xx"));
        c.basicAuth = new VigilConfiguration.BasicAuth();
        c.basicAuth.username = "u";
        c.basicAuth.password = "p";
        ScrapeTargets.Scheduled t = ScrapeTargets.of(with(c)).get(0);
        assertThat(t.target().url()).isEqualTo("http://n1:9100/metrics?module=http_2xx");
        assertThat(t.target().labels().get("instance")).isEqualTo("n1:9100");
        assertThat(t.target().labels().get("env")).isEqualTo("prod");
        assertThat(t.target().authorization()).isEqualTo("Basic dTpw");
    }

    @Test
    void whatIsWrongOrNotBuiltIsRefusedNamingItsField() {
        VigilConfiguration.PrometheusScrapeConfig relabel = node("n1:9100");
        VigilConfiguration.RelabelConfig fine = new VigilConfiguration.RelabelConfig();
        fine.targetLabel = "x";
        VigilConfiguration.RelabelConfig noTarget = new VigilConfiguration.RelabelConfig();
        noTarget.sourceLabels = List.of("job");
        relabel.relabelConfigs = List.of(fine, noTarget);
        assertThatThrownBy(() -> ScrapeTargets.of(with(relabel))).isInstanceOf(StartupRefusedException.class)
                .hasMessage("scrape_configs[0].relabel_configs[1]: relabel configuration for replace action requires "
                        + "'target_label' value");
        VigilConfiguration.PrometheusScrapeConfig slow = node("n1:9100");
        slow.scrapeInterval = "10s";
        slow.scrapeTimeout = "15s";
        assertThatThrownBy(() -> ScrapeTargets.of(with(slow)))
                .hasMessageStartingWith("scrape_configs[0].scrape_timeout: 15s is longer than scrape_interval 10s");
        assertThatThrownBy(() -> ScrapeTargets.of(with(node("http://n1:9100/metrics"))))
                .hasMessageStartingWith("scrape_configs[0].static_configs[0].targets[0]: \"http://n1:9100/metrics\" "
                        + "is not a valid hostname (expected: host:port");
        VigilConfiguration.PrometheusScrapeConfig noFile = node("n1:9100");
        noFile.authorization = new VigilConfiguration.Authorization();
        noFile.authorization.credentialsFile = "/nonexistent/token";
        assertThatThrownBy(() -> ScrapeTargets.of(with(noFile)))
                .hasMessage("scrape_configs[0].authorization: cannot read /nonexistent/token: NoSuchFileException");
    }
}
