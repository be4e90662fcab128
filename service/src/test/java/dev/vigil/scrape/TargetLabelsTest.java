package dev.vigil.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.label.Labels;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Prometheus's mutateSampleLabels: the target's labels win and the sample's are kept as exported_, or honoured. */
class TargetLabelsTest {
    private static Scraper.Target target(boolean honor) {
        return new Scraper.Target("node", "http://10.0.0.1:9100/metrics", Duration.ofSeconds(1),
                Labels.of("job", "node", "instance", "10.0.0.1:9100", "env", "prod"), honor, true, 0, "",
                dev.vigil.tls.TlsSettings.DEFAULT, java.util.List.of());
    }

    @Test
    void aLabelTheTargetAlsoSetsIsKeptAsExported() {
        Labels s = Scraper.withTarget(Labels.of("__name__", "up", "instance", "a:1", "job", "x", "disk", "sda"),
                target(false));
        assertThat(s).isEqualTo(Labels.of("__name__", "up", "instance", "10.0.0.1:9100", "job", "node", "env", "prod",
                "exported_instance", "a:1", "exported_job", "x", "disk", "sda"));
    }

    @Test
    void anExportedNameAlreadyTakenGetsAnotherPrefix() {
        Labels s = Scraper.withTarget(Labels.of("__name__", "up", "job", "x", "exported_job", "y"), target(false));
        assertThat(s.get("exported_job")).isEqualTo("y");
        assertThat(s.get("exported_exported_job")).isEqualTo("x");
        assertThat(s.get("job")).isEqualTo("node");
    }

    @Test
    void honourLabelsKeepsTheSamplesOwnAndAddsTheRest() {
        Labels s = Scraper.withTarget(Labels.of("__name__", "up", "instance", "a:1", "job", "x"), target(true));
        assertThat(s).isEqualTo(Labels.of("__name__", "up", "instance", "a:1", "job", "x", "env", "prod"));
    }
}
