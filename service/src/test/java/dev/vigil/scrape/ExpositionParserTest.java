package dev.vigil.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpositionParserTest {

    @Test
    void readsEveryKindOfLineOfTheTextFormat() {
        List<ExpositionParser.Sample> s = ExpositionParser.parse("""
                # HELP http_requests_total The total number of HTTP requests.
                # TYPE http_requests_total counter
                http_requests_total{method="post",code="200"} 1027 1395066363000
                http_requests_total{method="post",code="400"}    3 1395066363000

                # A histogram
                latency_bucket{le="0.05"} 24054
                latency_bucket{le="+Inf"} 144320
                latency_sum 53423
                metric_without_timestamp_and_labels 12.47
                something_weird{problem="division by zero"} +Inf -3982045
                escaped{a="quote \\" backslash \\\\ newline \\n end"} NaN
                """);
        assertThat(s).hasSize(8);
        assertThat(s.get(0).labels().toString()).isEqualTo("{__name__=\"http_requests_total\", code=\"200\", method=\"post\"}");
        assertThat(s.get(0).value()).isEqualTo(1027);
        assertThat(s.get(0).timestampMs()).hasValue(1395066363000L);
        assertThat(s.get(3).labels().get("le")).isEqualTo("+Inf");
        assertThat(s.get(5).timestampMs()).isEmpty();
        assertThat(s.get(6).value()).isInfinite();
        assertThat(s.get(7).labels().get("a")).isEqualTo("quote \" backslash \\ newline \n end");
        assertThat(s.get(7).value()).isNaN();
    }

    @Test
    void aLineIsSplitIntoItsSeriesAsWrittenItsValueAndItsTimestamp() {
        List<ExpositionParser.Line> l = ExpositionParser.lines("""
                m{a="x y",b="} \\" {"}   3  17
                n 4
                """);
        assertThat(l).extracting(ExpositionParser.Line::series).containsExactly("m{a=\"x y\",b=\"} \\\" {\"}", "n");
        assertThat(l.get(0).value()).isEqualTo(3);
        assertThat(l.get(0).hasTimestamp()).isTrue();
        assertThat(l.get(0).timestampMs()).isEqualTo(17);
        assertThat(l.get(0).labels().get("b")).isEqualTo("} \" {");
        assertThat(l.get(1).hasTimestamp()).isFalse();
        assertThat(l.get(1).number()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{a=\"b\"} 1          | line 1: expected a metric name",
        "m{a=b} 1               | expected name=\"value\" in labels",
        "m{a=\"b} 1            | unterminated label value",
        "m one                  | line 1",
        "m 1 2 3                | expected a value and an optional timestamp",
    })
    void badLinesNameTheirLine(String text, String message) {
        assertThatThrownBy(() -> ExpositionParser.parse(text)).hasMessageContaining(message);
    }
}
