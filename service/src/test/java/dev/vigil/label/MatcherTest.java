package dev.vigil.label;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MatcherTest {
    private static final Labels LABELS = Labels.of("team", "ingestion", "severity", "ticket", "empty", "");

    @ParameterizedTest(name = "{0} matches: {1}")
    @CsvSource(delimiter = '#', value = {
        "team=\"ingestion\"        # true",
        "team = \"ingestion\"      # true",
        "team=ingestion            # true",
        "team!=\"ingestion\"       # false",
        "team=\"ingest\"           # false",
        "team=~\"ingest\"          # false",
        "team=~\"ingest.*\"        # true",
        "severity=~\"ticket|info\" # true",
        "severity!~\"ticket|info\" # false",
        "missing=\"\"              # true",
        "missing!=\"\"             # false",
        "empty=\"\"                # true",
        "missing=~\".*\"           # true",
    })
    void matchesAsAlertmanagerDoes(String text, boolean expected) {
        assertThat(MatcherParser.parse(text).matches(LABELS)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "=\"x\"          | not a matcher",
        "team            | expected an operator",
        "team=\"x        | unterminated",
        "team=~\"(\"     | bad regex",
    })
    void badMatchersSayWhy(String text, String message) {
        assertThatThrownBy(() -> MatcherParser.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a=\"b\\\"c\" | b\"c",
        "a=\"b\\\\c\" | b\\c",
    })
    void quotedValuesAreUnescaped(String text, String value) {
        assertThat(MatcherParser.parse(text).value()).isEqualTo(value);
    }
}
