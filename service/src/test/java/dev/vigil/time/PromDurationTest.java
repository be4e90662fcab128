package dev.vigil.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PromDurationTest {
    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({"0, 0", "30s, 30000", "5m, 300000", "1h30m, 5400000", "2d, 172800000", "1w, 604800000",
        "500ms, 500", "1y, 31536000000", "1m30s500ms, 90500"})
    void parsesPrometheusDurations(String text, long millis) {
        assertThat(PromDuration.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "30", "5 m", "1.5h", "m", "30m1h", "-5m", "5M"})
    void rejectsWhatPrometheusRejects(String text) {
        assertThatThrownBy(() -> PromDuration.parse(text)).hasMessageContaining("is not a duration");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"0, 0s", "5400000, 1h30m", "90500, 1m30s500ms", "604800000, 1w"})
    void formatsAsPrometheusDoes(long millis, String text) {
        assertThat(PromDuration.format(Duration.ofMillis(millis))).isEqualTo(text);
    }
}
