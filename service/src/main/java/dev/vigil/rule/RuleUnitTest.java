package dev.vigil.rule;

import dev.vigil.label.Labels;
import dev.vigil.promql.EvalException;
import dev.vigil.promql.Evaluator;
import dev.vigil.promql.Expr;
import dev.vigil.promql.MetricParser;
import dev.vigil.promql.ParseException;
import dev.vigil.promql.Parser;
import dev.vigil.promql.SeriesStore;
import dev.vigil.promql.Value;
import dev.vigil.time.PromDuration;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * One rule unit-test file in promtool's {@code test rules} format, run against the embedded engine.
 * Returns promtool's messages for each failure; an empty list is SUCCESS.
 */
public final class RuleUnitTest {
    private static final long DEFAULT_INTERVAL_MS = 60_000;
    /** promtool's engine: subqueries without a step use one minute. */
    private static final long SUBQUERY_STEP_MS = 60_000;

    private RuleUnitTest() {
    }

    public static List<String> run(Path file) {
        Map<String, Object> doc;
        try (Reader r = Files.newBufferedReader(file)) {
            Object loaded = new Yaml(new LoaderOptions()).load(r);
            if (!(loaded instanceof Map)) {
                return List.of("  " + file + ": expected a map with rule_files, evaluation_interval and tests");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) loaded;
            doc = m;
        } catch (IOException | YAMLException e) {
            return List.of("  " + file + ": " + e.getMessage());
        }
        List<String> errors = new ArrayList<>();
        Object ruleFiles = doc.get("rule_files");
        if (ruleFiles instanceof List<?> l && !l.isEmpty()) {
            errors.add("    rule_files: evaluating rule files is not supported yet; only promql_expr_test runs");
            return errors;
        }
        for (Object t : list(doc.get("tests"))) {
            if (t instanceof Map<?, ?> group) {
                errors.addAll(group(group));
            }
        }
        return errors;
    }

    private static List<String> group(Map<?, ?> group) {
        List<String> errors = new ArrayList<>();
        if (!list(group.get("alert_rule_test")).isEmpty()) {
            errors.add("    alert_rule_test: not supported yet; only promql_expr_test runs");
        }
        long interval = group.get("interval") == null ? DEFAULT_INTERVAL_MS
                : PromDuration.parse(String.valueOf(group.get("interval"))).toMillis();
        long maxT = 0;
        for (Object c : list(group.get("promql_expr_test"))) {
            maxT = Math.max(maxT, evalTime((Map<?, ?>) c));
        }
        SeriesStore store = new SeriesStore(0);
        for (Object s : list(group.get("input_series"))) {
            Map<?, ?> series = (Map<?, ?>) s;
            Labels labels = MetricParser.parse(String.valueOf(series.get("series")));
            List<Double> values = SeriesNotation.expand(String.valueOf(series.get("values")));
            for (int i = 0; i < values.size(); i++) {
                long t = i * interval;
                if (values.get(i) != null && t <= maxT) {
                    store.append(labels, t, values.get(i));
                }
            }
        }
        Evaluator evaluator = new Evaluator(store, Evaluator.DEFAULT_LOOKBACK_MS, SUBQUERY_STEP_MS);
        for (Object c : list(group.get("promql_expr_test"))) {
            Map<?, ?> test = (Map<?, ?>) c;
            String expr = String.valueOf(test.get("expr"));
            long at = evalTime(test);
            String time = PromDuration.format(java.time.Duration.ofMillis(at));
            try {
                List<Sample> got = sorted(result(evaluator.instant(Parser.parse(expr), at)));
                List<Sample> exp = sorted(expected(test));
                if (!same(exp, got)) {
                    errors.add("    expr: " + quote(expr) + ", time: " + time + ",\n        exp: " + string(exp)
                            + "\n        got: " + string(got));
                }
            } catch (ParseException | EvalException e) {
                errors.add("    expr: " + quote(expr) + ", time: " + time + ", err: " + e.getMessage());
            }
        }
        return errors;
    }

    /** A sample as promtool compares them: labels and value. */
    private record Sample(Labels labels, double value) {
    }

    private static List<Sample> result(Value v) {
        if (v instanceof Value.Scalar s) {
            return List.of(new Sample(Labels.empty(), s.value()));
        }
        if (v instanceof Value.Vector vec) {
            return vec.samples().stream().map(s -> new Sample(s.labels(), s.value())).toList();
        }
        throw new EvalException("rule result is not a vector or scalar");
    }

    private static List<Sample> expected(Map<?, ?> test) {
        List<Sample> out = new ArrayList<>();
        for (Object o : list(test.get("exp_samples"))) {
            Map<?, ?> s = (Map<?, ?>) o;
            Object labels = s.get("labels");
            out.add(new Sample(labels == null ? Labels.empty() : MetricParser.parse(String.valueOf(labels)),
                    number(s.get("value"))));
        }
        return out;
    }

    private static List<Sample> sorted(List<Sample> in) {
        List<Sample> out = new ArrayList<>(in);
        out.sort(Comparator.comparing(s -> s.labels().toString()));
        return out;
    }

    /** reflect.DeepEqual on floats is ==: NaN never equals, 0 equals -0. */
    private static boolean same(List<Sample> a, List<Sample> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).labels().equals(b.get(i).labels()) || !(a.get(i).value() == b.get(i).value())) {
                return false;
            }
        }
        return true;
    }

    private static long evalTime(Map<?, ?> test) {
        Object t = test.get("eval_time");
        return t == null ? 0 : PromDuration.parse(String.valueOf(t)).toMillis();
    }

    private static double number(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v == null) {
            return 0;
        }
        return SeriesNotation.number(String.valueOf(v).replace(".inf", "Inf").replace(".nan", "NaN"));
    }

    private static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }

    /** Go's %q for the expressions in messages. */
    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private static String string(List<Sample> samples) {
        if (samples.isEmpty()) {
            return "nil";
        }
        List<String> parts = new ArrayList<>();
        for (Sample s : samples) {
            parts.add(metric(s.labels()) + " " + formatE(s.value()));
        }
        return String.join(", ", parts);
    }

    private static String metric(Labels l) {
        return l.toString();
    }

    /** strconv.FormatFloat(v, 'E', -1, 64). */
    static String formatE(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return (1 / v < 0 ? "-" : "") + "0E+00";
        }
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        String digits = d.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - d.scale();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (v < 0 ? "-" : "") + mantissa + "E" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }
}
