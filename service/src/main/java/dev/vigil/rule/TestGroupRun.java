package dev.vigil.rule;

import dev.vigil.label.Labels;
import dev.vigil.promql.EvalException;
import dev.vigil.promql.Evaluator;
import dev.vigil.promql.MetricParser;
import dev.vigil.promql.ParseException;
import dev.vigil.promql.Parser;
import dev.vigil.promql.SeriesStore;
import dev.vigil.promql.Value;
import dev.vigil.time.PromDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One entry of a unit-test file's {@code tests:}: loads its input series, evaluates the rule groups every
 * evaluation interval up to the last eval_time (as promtool does), checks firing alerts at each
 * alert_rule_test's time, then the promql_expr_tests against the series and what the rules wrote.
 */
final class TestGroupRun {
    /** promtool's engine: subqueries without a step use one minute. */
    private static final long SUBQUERY_STEP_MS = 60_000;

    private final Map<?, ?> group;
    private final List<RuleGroup> ruleGroups;
    private final long evalInterval;

    TestGroupRun(Map<?, ?> group, List<RuleGroup> ruleGroups, long evalInterval) {
        this.group = group;
        this.ruleGroups = ruleGroups;
        this.evalInterval = evalInterval;
    }

    /** A sample as promtool compares them: labels and value. */
    private record Sample(Labels labels, double value) {
    }

    /**
     * An alert as promtool compares them: labels and annotations, sorted by name; an empty value is kept (an
     * annotation may be "", and an expected label "" is one the alert cannot have), as in Prometheus's labels.
     */
    private record LabelsAndAnnotations(java.util.SortedMap<String, String> labels,
                                        java.util.SortedMap<String, String> annotations) {
        @Override
        public String toString() {
            return "Labels:" + render(labels) + "\nAnnotations:" + render(annotations);
        }

        private static String render(Map<String, String> m) {
            StringBuilder sb = new StringBuilder("{");
            m.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append('=')
                    .append(dev.vigil.label.GoQuote.quote(v)));
            return sb.append('}').toString();
        }
    }

    /** Prometheus's {@code labels.Compare}: name by name, then value by value; a prefix comes first. */
    private static int compareLabels(Map<String, String> a, Map<String, String> b) {
        var x = a.entrySet().iterator();
        var y = b.entrySet().iterator();
        while (x.hasNext() && y.hasNext()) {
            var p = x.next();
            var q = y.next();
            int c = p.getKey().compareTo(q.getKey());
            if (c == 0) {
                c = p.getValue().compareTo(q.getValue());
            }
            if (c != 0) {
                return c;
            }
        }
        return Boolean.compare(x.hasNext(), y.hasNext());
    }

    /** One timed series sample to load. */
    private record Input(Labels labels, long t, double value) {
    }

    List<String> run() {
        List<String> errors = new ArrayList<>();
        // As in promtool 2.42: a group without interval loads every value of a series at time 0 (the first one kept).
        long interval = group.get("interval") == null ? 0
                : PromDuration.parse(String.valueOf(group.get("interval"))).toMillis();
        String name = group.get("name") == null ? "" : String.valueOf(group.get("name"));
        String testName = name.isEmpty() ? "" : "    name: " + name + ",\n";
        List<Map<?, ?>> alertTests = maps("alert_rule_test");
        for (Map<?, ?> t : alertTests) {
            if (t.get("alertname") == null || String.valueOf(t.get("alertname")).isEmpty()) {
                return List.of("an item under alert_rule_test misses required attribute alertname at eval_time "
                        + time(evalTime(t)) + (name.isEmpty() ? "" : " (in TestGroup " + name + ")"));
            }
        }
        List<Map<?, ?>> exprTests = maps("promql_expr_test");
        long maxT = 0;
        for (Map<?, ?> t : alertTests) {
            maxT = Math.max(maxT, evalTime(t));
        }
        for (Map<?, ?> t : exprTests) {
            maxT = Math.max(maxT, evalTime(t));
        }
        for (Map<?, ?> series : maps("input_series")) {
            Optional<String> bad = SeriesDescription.problem(String.valueOf(series.get("series")),
                    series.get("values") == null ? "" : String.valueOf(series.get("values")));
            if (bad.isPresent()) {
                return List.of(bad.get()); // as promtool: the group's series do not load, nothing of it runs
            }
            if (MetricParser.parse(String.valueOf(series.get("series"))).size() == 0) {
                return List.of("empty labelset: invalid sample"); // the storage refuses a series without labels
            }
        }
        List<Input> inputs = inputs(interval);
        SeriesStore store = new SeriesStore(0);
        Evaluator engine = new Evaluator(store, Evaluator.DEFAULT_LOOKBACK_MS, SUBQUERY_STEP_MS);
        Map<String, String> external = stringMap(group.get("external_labels"));
        String externalUrl = group.get("external_url") == null ? "" : String.valueOf(group.get("external_url"));
        List<GroupEvaluator> evaluators = ruleGroups.stream()
                .map(g -> new GroupEvaluator(g, store, engine, external, externalUrl)).toList();
        List<Map<?, ?>> pending = new ArrayList<>(alertTests);
        pending.sort(Comparator.comparingLong(TestGroupRun::evalTime));
        int loaded = 0;
        for (long ts = 0; ts <= maxT; ts += evalInterval) {
            while (loaded < inputs.size() && inputs.get(loaded).t() <= ts) {
                Input in = inputs.get(loaded++);
                store.append(in.labels(), in.t(), in.value());
            }
            List<String> evalErrors = new ArrayList<>();
            for (GroupEvaluator e : evaluators) {
                for (GroupEvaluator.RuleResult r : e.eval(ts)) {
                    long when = ts;
                    r.error().ifPresent(err -> evalErrors.add("    rule: " + r.rule().name() + ", time: "
                            + goDuration(when) + ", err: " + err));
                }
            }
            if (!evalErrors.isEmpty()) {
                // promtool stops the group at the first evaluation that fails, with what failed before it.
                errors.addAll(evalErrors);
                return errors;
            }
            while (!pending.isEmpty() && evalTime(pending.get(0)) < ts + evalInterval) {
                Map<?, ?> test = pending.remove(0);
                checkAlerts(test, evaluators, testName, errors);
            }
        }
        while (loaded < inputs.size() && inputs.get(loaded).t() <= maxT) {
            Input in = inputs.get(loaded++);
            store.append(in.labels(), in.t(), in.value());
        }
        for (Map<?, ?> test : exprTests) {
            checkExpr(test, engine, errors);
        }
        return errors;
    }

    private List<Input> inputs(long interval) {
        List<Input> out = new ArrayList<>();
        for (Map<?, ?> series : maps("input_series")) {
            Labels labels = MetricParser.parse(String.valueOf(series.get("series")));
            // No values (or null): an empty series, as promtool loads it.
            Object text = series.get("values");
            List<Double> values = SeriesNotation.expand(text == null ? "" : String.valueOf(text));
            java.util.Set<Long> at = new java.util.HashSet<>();
            for (int i = 0; i < values.size(); i++) {
                // A second sample at the same time (interval 0) is refused by the storage: the first one stays.
                if (values.get(i) != null && at.add(i * interval)) {
                    out.add(new Input(labels, i * interval, values.get(i)));
                }
            }
        }
        out.sort(Comparator.comparingLong(Input::t));
        return out;
    }

    private void checkAlerts(Map<?, ?> test, List<GroupEvaluator> evaluators, String testName, List<String> errors) {
        String alertname = String.valueOf(test.get("alertname"));
        List<LabelsAndAnnotations> got = new ArrayList<>();
        for (GroupEvaluator e : evaluators) {
            for (Rule r : e.group().rules()) {
                if (r instanceof Rule.Alerting && r.name().equals(alertname)) {
                    for (ActiveAlert a : e.alertState(r).orElseThrow().alerts()) {
                        if (a.state() == AlertState.FIRING) {
                            got.add(new LabelsAndAnnotations(new TreeMap<>(a.labels().asMap()),
                                    new TreeMap<>(a.annotations())));
                        }
                    }
                }
            }
        }
        List<LabelsAndAnnotations> exp = new ArrayList<>();
        for (Object o : RuleUnitTest.list(test.get("exp_alerts"))) {
            Map<?, ?> a = (Map<?, ?>) o;
            Map<String, String> labels = new TreeMap<>(stringMap(a.get("exp_labels")));
            labels.put("alertname", alertname);
            exp.add(new LabelsAndAnnotations(new TreeMap<>(labels), new TreeMap<>(stringMap(a.get("exp_annotations")))));
        }
        Comparator<LabelsAndAnnotations> order = (p, q) -> compareLabels(p.labels(), q.labels());
        got.sort(order);
        exp.sort(order);
        if (!got.equals(exp)) {
            errors.add(testName + "    alertname: " + alertname + ", time: " + time(evalTime(test)) + ", \n        exp:"
                    + indent(alertsString(exp), "            ") + ", \n        got:" + indent(alertsString(got), "            "));
        }
    }

    private void checkExpr(Map<?, ?> test, Evaluator engine, List<String> errors) {
        String expr = String.valueOf(test.get("expr"));
        long at = evalTime(test);
        // As in promtool 2.42, a failed expression is not prefixed with the group's name (an alert is).
        List<Sample> got;
        try {
            got = sorted(result(engine.instant(Parser.parse(expr), at)));
        } catch (ParseException | EvalException e) {
            errors.add("    expr: " + quote(expr) + ", time: " + time(at) + ", err: " + e.getMessage());
            return;
        }
        List<Sample> exp;
        try {
            exp = sorted(expected(test));
        } catch (ExpectedLabels e) {
            errors.add("    expr: " + quote(expr) + ", time: " + time(at) + ", err: labels " + quote(e.labels) + ": "
                    + e.getMessage());
            return;
        }
        if (!same(exp, got)) {
            errors.add("    expr: " + quote(expr) + ", time: " + time(at) + ",\n        exp: " + samples(exp)
                    + "\n        got: " + samples(got));
        }
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

    /** An expected sample whose labels do not parse, with promtool's reason. */
    private static final class ExpectedLabels extends RuntimeException {
        final String labels;

        ExpectedLabels(String labels, String why) {
            super(why, null, false, false);
            this.labels = labels;
        }
    }

    private static List<Sample> expected(Map<?, ?> test) {
        List<Sample> out = new ArrayList<>();
        for (Object o : RuleUnitTest.list(test.get("exp_samples"))) {
            Map<?, ?> s = (Map<?, ?>) o;
            String labels = s.get("labels") == null ? "" : String.valueOf(s.get("labels"));
            Optional<String> bad = SeriesDescription.metricProblem(labels);
            if (bad.isPresent()) {
                throw new ExpectedLabels(labels, bad.get());
            }
            out.add(new Sample(labels.isEmpty() ? Labels.empty() : MetricParser.parse(labels), number(s.get("value"))));
        }
        return out;
    }

    /** Sorted as promtool sorts them, by labels.Compare. */
    private static List<Sample> sorted(List<Sample> in) {
        List<Sample> out = new ArrayList<>(in);
        out.sort((a, b) -> compareLabels(a.labels().asMap(), b.labels().asMap()));
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

    private List<Map<?, ?>> maps(String key) {
        List<Map<?, ?>> out = new ArrayList<>();
        for (Object o : RuleUnitTest.list(group.get(key))) {
            if (o instanceof Map<?, ?> m) {
                out.add(m);
            }
        }
        return out;
    }

    private static Map<String, String> stringMap(Object o) {
        Map<String, String> out = new HashMap<>();
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        }
        return out;
    }

    private static long evalTime(Map<?, ?> test) {
        Object t = test.get("eval_time");
        return t == null ? 0 : PromDuration.parse(String.valueOf(t)).toMillis();
    }

    /** Go's time.Duration.String() of milliseconds: 0s, 500ms, 1m30s, 1h0m0s, 1.5s. */
    static String goDuration(long ms) {
        if (ms == 0) {
            return "0s";
        }
        String sign = ms < 0 ? "-" : "";
        long a = Math.abs(ms);
        if (a < 1000) {
            return sign + a + "ms";
        }
        long h = a / 3_600_000;
        long m = a / 60_000 % 60;
        long sMs = a % 60_000;
        String seconds = java.math.BigDecimal.valueOf(sMs, 3).stripTrailingZeros().toPlainString() + "s";
        return sign + (h > 0 ? h + "h" + m + "m" : m > 0 ? m + "m" : "") + seconds;
    }

    private static String time(long ms) {
        return PromDuration.format(Duration.ofMillis(ms));
    }

    private static double number(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v == null) {
            return 0;
        }
        String text = String.valueOf(v);
        java.util.OptionalLong goInt = PromtoolYaml.goInt(text);
        if (goInt.isPresent()) {
            return goInt.getAsLong();
        }
        return SeriesNotation.number(text.replace(".inf", "Inf").replace(".nan", "NaN"));
    }


    /** Go's %q for the expressions in messages. */
    private static String quote(String s) {
        return dev.vigil.label.GoQuote.quote(s);
    }

    private static String samples(List<Sample> samples) {
        if (samples.isEmpty()) {
            return "nil";
        }
        List<String> parts = new ArrayList<>();
        for (Sample s : samples) {
            parts.add(s.labels() + " " + formatE(s.value()));
        }
        return String.join(", ", parts);
    }

    private static String alertsString(List<LabelsAndAnnotations> la) {
        if (la.isEmpty()) {
            return "[]";
        }
        StringBuilder s = new StringBuilder("[\n0:" + indent("\n" + la.get(0), "  "));
        for (int i = 1; i < la.size(); i++) {
            s.append(",\n").append(i).append(':').append(indent("\n" + la.get(i), "  "));
        }
        return s.append("\n]").toString();
    }

    private static String indent(String lines, String indent) {
        String[] n = lines.split("\n", -1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n.length; i++) {
            if (i > 0) {
                sb.append(indent);
            }
            sb.append(n[i]);
            if (i != n.length - 1) {
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** strconv.FormatFloat(v, 'E', -1, 64). */
    static String formatE(double v) {
        return dev.vigil.promql.GoFloat.formatExponent(v, 'E');
    }
}
