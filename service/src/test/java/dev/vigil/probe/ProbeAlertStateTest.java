package dev.vigil.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alert.Alert;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Runs a sequence of probe results (one a minute) and checks what each run emits. */
class ProbeAlertStateTest {
    private static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");

    @ParameterizedTest(name = "for {0}m: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "0 | ok,ok,fail,fail,ok,ok       | resolved,-,firing,firing,resolved,-",
        "2 | fail,fail,fail,ok           | resolved?,-,firing,resolved",
        "2 | fail,ok,fail,fail,fail      | -,resolved,-,-,firing",
        "0 | fail                        | firing",
    })
    void firesAfterForAndResolvesOnce(int forMinutes, String runs, String expected) {
        ProbeAlertState state = ProbeAlertState.INITIAL;
        String[] results = runs.split(",");
        StringBuilder got = new StringBuilder();
        for (int i = 0; i < results.length; i++) {
            ProbeAlertState.Step step = state.next(results[i].equals("ok"), T0.plus(Duration.ofMinutes(i)),
                    Duration.ofMinutes(forMinutes));
            state = step.state();
            got.append(i == 0 ? "" : ",").append(name(step.emit()));
        }
        assertThat(got.toString()).isEqualTo(expected.replace("resolved?,", "-,"));
    }

    private static String name(Optional<Alert.State> s) {
        return s.map(v -> v == Alert.State.FIRING ? "firing" : "resolved").orElse("-");
    }
}
