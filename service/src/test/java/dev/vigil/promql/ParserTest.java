package dev.vigil.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.label.Labels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Precedence, associativity and the errors Prometheus's parser gives, with their positions. */
class ParserTest {
    private static final Evaluator EMPTY = new Evaluator((m, a, b) -> java.util.List.of(), 300_000, 60_000);

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "1 + 2 * 3          | 7",
        "2 ^ 3 ^ 2          | 512",
        "-2 ^ 2             | -4",
        "(-2) ^ 2           | 4",
        "10 - 4 - 3         | 3",
        "2 * 3 % 4          | 2",
        "1 + 2 > bool 2     | 1",
        "0x10 + 1e1         | 26",
        "-Inf < bool Inf    | 1",
        "1 - -1             | 2",
        "2 atan2 0 > bool 0 | 1",
    })
    void scalarArithmeticFollowsPrometheusPrecedence(String expr, double value) {
        assertThat(((Value.Scalar) EMPTY.instant(Parser.parse(expr), 0)).value()).isEqualTo(value);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "sum(                          | 4  | unexpected end of input",
        "foo{a=\"b\"                   | 9  | unexpected end of input in label matching",
        "rate(foo)                     | 5  | expected type range vector in call to function \"rate\", got instant vector",
        "1 > 2                         | 2  | comparisons between scalars must use BOOL modifier",
        "foo and 1                     | 0  | set operator \"and\" not allowed in binary scalar expression",
        "nosuchfn(foo)                 | 0  | unknown function with name \"nosuchfn\"",
        "{}                            | 0  | vector selector must contain at least one non-empty matcher",
        "foo[5m][1m]                   | 7  | ranges only allowed for vector selectors",
        "foo offset 1m offset 2m       | 14 | offset may not be set multiple times",
        "topk(foo)                     | 0  | wrong number of arguments for aggregate expression provided, expected 2, got 1",
        "foo + on(a) group_left(a) bar | 4  | label \"a\" must not occur in ON and GROUP clause at once",
        "foo{a=~\"(\"}                 | 4  | error parsing regexp: missing closing ): `^(?:()$`",
        "\"unterminated                | 0  | unterminated quoted string",
        "foo[5]                        | 4  | expected duration",
    })
    void errorsNameTheirPosition(String expr, int position, String message) {
        assertThatThrownBy(() -> Parser.parse(expr)).isInstanceOfSatisfying(ParseException.class, e -> {
            assertThat(e.detail()).contains(message);
            assertThat(e.position()).isEqualTo(position);
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "sum by (job) (rate(http_requests_total[5m]))",
        "sum(rate(x[5m])) without (instance)",
        "histogram_quantile(0.99, sum by (le) (rate(lat_bucket[5m]))) > 0.5",
        "a / on(instance) group_left(job) b",
        "max_over_time(deriv(rate(x[1m])[5m:1m])[10m:])",
        "x @ start() offset -5m",
        "label_join(up, \"dst\", \",\", \"a\", \"b\")",
        "job:request_rate:5m{job=\"api\"}",
    })
    void acceptsWhatPrometheusAccepts(String expr) {
        assertThat(Parser.parse(expr)).isNotNull();
    }

    @org.junit.jupiter.api.Test
    void commentsRunToTheEndOfTheLine() {
        assertThat(Parser.parse("# a comment\nup # another")).isInstanceOf(Expr.VectorSelector.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "foo{a=\"b\", c=\"d\",} | {__name__=\"foo\", a=\"b\", c=\"d\"}",
        "{a=\"b\"}              | {a=\"b\"}",
    })
    void parsesPromtoolSeries(String text, String labels) {
        assertThat(MetricParser.parse(text).toString()).isEqualTo(labels);
        assertThat(MetricParser.parse(text)).isNotEqualTo(Labels.empty());
    }
}
