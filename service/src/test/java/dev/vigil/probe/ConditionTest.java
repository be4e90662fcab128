package dev.vigil.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Gatus's condition grammar over what a probe observed. */
class ConditionTest {
    private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");
    private static final Observation OK = new Observation.Builder().put(Placeholder.STATUS, 200)
            .put(Placeholder.CONNECTED, true)
            .put(Placeholder.BODY, "{\"status\": \"UP\", \"db\": {\"latency\": 12}, \"items\": [{\"id\": 7}, {\"id\": 8}],"
                    + " \"name\": \"checkout\", \"errors\": null}")
            .expiry(Optional.of(NOW.plus(Duration.ofDays(10)))).took(Duration.ofMillis(120));
    private static final Observation REFUSED = Observation.failed("connection refused", Duration.ofMillis(3),
            Map.of(Placeholder.STATUS, "0", Placeholder.CONNECTED, "false"));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "[STATUS] == 200                      | true  | false",
        "[STATUS] < 300                       | true  | true",
        "[STATUS] != 200                      | false | true",
        "[STATUS] == any(200, 204)            | true  | false",
        "[STATUS] == pat(2*)                  | true  | false",
        "[STATUS] != pat(5*)                  | true  | true",
        "[CONNECTED] == true                  | true  | false",
        "[CONNECTED] == false                 | false | true",
        "[RESPONSE_TIME] < 500                | true  | true",
        "[RESPONSE_TIME] < 500ms              | true  | true",
        "[RESPONSE_TIME] < 100                | false | true",
        "[RESPONSE_TIME] <= 1s                | true  | true",
        "[BODY].status == UP                  | true  | false",
        "[BODY].status == pat(U*)             | true  | false",
        "[BODY].db.latency < 50               | true  | false",
        "[BODY].items[1].id == 8              | true  | false",
        "[BODY].items[0].id >= 7              | true  | false",
        "len([BODY].items) == 2               | true  | false",
        "len([BODY].name) == 8                | true  | false",
        "has([BODY].errors) == true           | true  | false",
        "has([BODY].warnings) == false        | true  | false",
        "[BODY].missing == x                  | false | false",
        "[BODY] == pat(*checkout*)            | true  | false",
        "[CERTIFICATE_EXPIRATION] > 72h       | true  | false",
        "[CERTIFICATE_EXPIRATION] > 30d       | false | false",
        "[CERTIFICATE_EXPIRATION] > 864000000 | false | false",
    })
    void evaluatesAgainstWhatWasObserved(String text, boolean onOk, boolean onRefused) {
        Condition c = Condition.parse(text);
        assertThat(c.holds(OK, NOW)).isEqualTo(onOk);
        assertThat(c.holds(REFUSED, NOW)).isEqualTo(onRefused);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "[STATUS] = 200              | is not a condition",
        "[CODE] == 200               | unknown placeholder [CODE]",
        "[STATUS] == ok              | ok is not a number",
        "[RESPONSE_TIME] < fast      | fast is not a duration",
        "[STATUS].x == 1             | only [BODY] takes a path",
        "[STATUS] < any(200, 201)    | pat() and any() work only with == and !=",
        "len([STATUS]) == 3          | len() takes [BODY] or a path into it",
        "[CONNECTED] == yes          | yes is not true or false",
    })
    void badConditionsSayWhy(String text, String message) {
        assertThatThrownBy(() -> Condition.parse(text)).hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0} observed {1}")
    @CsvSource(delimiter = '|', value = {
        "[STATUS] == 200               | OK      | 200",
        "[BODY].status == UP           | REFUSED | connection refused",
        "[BODY].nothing.here == 1      | OK      | nothing at nothing",
        "[BODY].items[5].id == 1       | OK      | nothing at items[5]",
        "[BODY].name > 3               | OK      | checkout, not a number",
        "[RESPONSE_TIME] < 100         | OK      | 120ms",
        "[CERTIFICATE_EXPIRATION] > 30d | OK     | 1w3d",
    })
    void whatWasObservedIsSaid(String text, String on, String observed) {
        assertThat(Condition.parse(text).observed(on.equals("OK") ? OK : REFUSED, NOW)).isEqualTo(observed);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not json at all | [BODY].a == 1 | the body is not JSON",
    })
    void aBodyThatIsNotJsonCannotBeEvaluated(String body, String text, String why) {
        Observation o = new Observation.Builder().put(Placeholder.BODY, body).took(Duration.ofMillis(1));
        Condition.Check c = Condition.parse(text).check(o, NOW);
        assertThat(c.holds()).isFalse();
        assertThat(c.observed()).isEqualTo(why);
    }
}
