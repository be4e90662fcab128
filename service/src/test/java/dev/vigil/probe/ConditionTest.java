package dev.vigil.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConditionTest {
    private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");
    private static final ProbeOutcome OK = new ProbeOutcome(200, Duration.ofMillis(120),
            "{\"status\": \"UP\", \"db\": {\"latency\": 12}}", Optional.of(NOW.plus(Duration.ofDays(10))), Optional.empty());
    private static final ProbeOutcome REFUSED = ProbeOutcome.failed("connection refused", Duration.ofMillis(3));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "[STATUS] == 200                   | true  | false",
        "[STATUS] < 300                    | true  | true",
        "[STATUS] != 200                   | false | true",
        "[RESPONSE_TIME] < 500ms           | true  | true",
        "[RESPONSE_TIME] < 100ms           | false | true",
        "[BODY].status == UP               | true  | false",
        "[BODY].db.latency < 50            | true  | false",
        "[BODY].missing == x               | false | false",
        "[CERTIFICATE_EXPIRATION] > 72h    | true  | false",
        "[CERTIFICATE_EXPIRATION] > 30d    | false | false",
    })
    void evaluatesAgainstWhatTheRequestSaw(String text, boolean onOk, boolean onRefused) {
        Condition c = Condition.parse(text);
        assertThat(c.holds(OK, NOW)).isEqualTo(onOk);
        assertThat(c.holds(REFUSED, NOW)).isEqualTo(onRefused);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "[STATUS] = 200          | is not a condition",
        "[CODE] == 200           | unknown placeholder [CODE]",
        "[STATUS] == ok          | is not a number",
        "[RESPONSE_TIME] < 500   | is not a duration",
        "[STATUS].x == 1         | only [BODY] takes a path",
    })
    void badConditionsSayWhy(String text, String message) {
        assertThatThrownBy(() -> Condition.parse(text)).hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0} observed {1}")
    @CsvSource(delimiter = '|', value = {
        "[STATUS] == 200 | connection refused",
        "[BODY].status == UP | nothing at status",
    })
    void failuresSayWhatWasObserved(String text, String observed) {
        assertThat(Condition.parse(text).observed(REFUSED, NOW)).isEqualTo(observed);
    }
}
