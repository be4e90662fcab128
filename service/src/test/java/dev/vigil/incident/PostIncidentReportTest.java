package dev.vigil.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How the post-incident draft writes what came from outside: text, code, links and durations. */
class PostIncidentReportTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
        "plain words stay; disk full on db-1; disk full on db-1",
        "HTML is text; <img src=x onerror=alert(1)>; \\<img src=x onerror=alert(1)\\>",
        "a link is text; [docs](https://x); \\[docs\\](https://x)",
        "emphasis and tables; *a* _b_ | c; \\*a\\* \\_b\\_ \\| c",
        "an entity is text; \"&lt;\"; \"\\&lt;\"",
        "a line break cannot start a heading; \"a\n# b\"; a \\# b",
    })
    void textHasNoMarkdownOfItsOwn(String name, String in, String out) {
        assertThat(PostIncidentReport.text(in)).isEqualTo(out);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
        "labels; {job=\"api\"}; `{job=\"api\"}`",
        "a backtick inside; a`b; ``a`b``",
        "backticks at the ends are padded; `x`; `` `x` ``",
    })
    void codeHoldsAnyBackticks(String name, String in, String out) {
        assertThat(PostIncidentReport.code(in)).isEqualTo(out);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
        "https is a link; https://wiki/runbooks/db; <https://wiki/runbooks/db>",
        "javascript is code; javascript:alert(1); `javascript:alert(1)`",
        "a space cannot end the link early; https://a b; `https://a b`",
        "none; \"\"; none",
    })
    void onlyHttpIsALink(String name, String in, String out) {
        assertThat(PostIncidentReport.link(in)).isEqualTo(out);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"PT45.9S, 45s", "PT4M30S, 4m30s", "PT2H5M, 2h5m", "PT0.4S, 0s", "PT-1S, 0s"})
    void durationsToTheSecond(Duration d, String out) {
        assertThat(PostIncidentReport.human(d)).isEqualTo(out);
    }
}
