package dev.vigil.promql;

import dev.vigil.label.Labels;
import dev.vigil.promql.Value.Sample;
import dev.vigil.promql.Value.Vector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Aggregation operators, computed in the same order and with the same formulas as Prometheus 2.42. */
final class Aggregations {
    private Aggregations() {
    }

    /** One group's running state. */
    private static final class Group {
        final Labels labels;
        double value;
        double mean;
        long count = 1;
        final List<Sample> heap = new ArrayList<>();

        Group(Labels labels, double first) {
            this.labels = labels;
            this.value = first;
            this.mean = first;
        }
    }

    static Value eval(Evaluator.Query q, Expr.Aggregate a, long ts) {
        Vector in = q.evalVector(a.expr(), ts);
        String op = a.op();
        long k = 0;
        double quantile = 0;
        String valueLabel = null;
        if (op.equals("topk") || op.equals("bottomk")) {
            double f = q.evalScalar(a.param(), ts);
            if (Double.isNaN(f) || f >= 9.223372036854776E18 || f < -9.223372036854776E18) {
                throw new EvalException("Scalar value " + f + " overflows int64");
            }
            k = (long) f;
            if (k < 1) {
                return new Vector(List.of());
            }
        } else if (op.equals("quantile")) {
            quantile = q.evalScalar(a.param(), ts);
        } else if (op.equals("count_values")) {
            valueLabel = ((Value.Str) q.eval(a.param(), ts)).value();
            if (!valueLabel.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
                throw new EvalException("invalid label name \"" + valueLabel + "\"");
            }
        }
        List<String> grouping = new ArrayList<>(a.grouping());
        if (valueLabel != null && !a.without()) {
            grouping.add(valueLabel);
        }
        Map<Labels, Group> groups = new LinkedHashMap<>();
        for (Sample s : in.samples()) {
            Labels metric = s.labels();
            if (valueLabel != null) {
                metric = metric.with(valueLabel, GoFloat.format(s.value()));
            }
            Labels key = groupLabels(metric, grouping, a.without());
            Group g = groups.get(key);
            if (g == null) {
                g = new Group(key, s.value());
                groups.put(key, g);
                switch (op) {
                    case "stdvar", "stddev" -> g.value = 0;
                    case "topk", "bottomk", "quantile" -> g.heap.add(new Sample(s.labels(), s.value(), ts));
                    case "group" -> g.value = 1;
                    default -> {
                    }
                }
                continue;
            }
            add(op, g, s, k, ts);
        }
        List<Sample> out = new ArrayList<>();
        for (Group g : groups.values()) {
            switch (op) {
                case "avg" -> g.value = g.mean;
                case "count", "count_values" -> g.value = g.count;
                case "stdvar" -> g.value = g.value / g.count;
                case "stddev" -> g.value = Math.sqrt(g.value / g.count);
                case "topk", "bottomk" -> {
                    List<Sample> sorted = new ArrayList<>(g.heap);
                    sorted.sort(op.equals("topk") ? byValue().reversed() : byValue());
                    sorted.forEach(s -> out.add(new Sample(s.labels(), s.value(), ts)));
                    continue;
                }
                case "quantile" -> g.value = quantile(quantile, g.heap.stream().mapToDouble(Sample::value).toArray());
                default -> {
                }
            }
            out.add(new Sample(g.labels, g.value, ts));
        }
        return new Vector(out);
    }

    private static void add(String op, Group g, Sample s, long k, long ts) {
        double v = s.value();
        switch (op) {
            case "sum" -> g.value += v;
            case "avg" -> {
                g.count++;
                if (Double.isInfinite(g.mean)) {
                    if (Double.isInfinite(v) && (g.mean > 0) == (v > 0)) {
                        return;
                    }
                    if (!Double.isInfinite(v) && !Double.isNaN(v)) {
                        return;
                    }
                }
                g.mean += v / g.count - g.mean / g.count;
            }
            case "max" -> {
                if (g.value < v || Double.isNaN(g.value)) {
                    g.value = v;
                }
            }
            case "min" -> {
                if (g.value > v || Double.isNaN(g.value)) {
                    g.value = v;
                }
            }
            case "count", "count_values" -> g.count++;
            case "stdvar", "stddev" -> {
                g.count++;
                double delta = v - g.mean;
                g.mean += delta / g.count;
                g.value += delta * (v - g.mean);
            }
            case "topk" -> GoHeap.offer(g.heap, new Sample(s.labels(), v, ts), k, GoHeap.TOPK);
            case "bottomk" -> GoHeap.offer(g.heap, new Sample(s.labels(), v, ts), k, GoHeap.BOTTOMK);
            case "quantile" -> g.heap.add(s);
            default -> {
            }
        }
    }

    private static Labels groupLabels(Labels metric, List<String> grouping, boolean without) {
        Map<String, String> m = new TreeMap<>(metric.asMap());
        if (without) {
            grouping.forEach(m::remove);
            m.remove("__name__");
        } else {
            m.keySet().retainAll(grouping);
        }
        return Labels.of(m);
    }

    /** Sort order of Prometheus's vectorByValueHeap: NaN first, then ascending. */
    static Comparator<Sample> byValue() {
        return (x, y) -> {
            if (Double.isNaN(x.value())) {
                return Double.isNaN(y.value()) ? 0 : -1;
            }
            if (Double.isNaN(y.value())) {
                return 1;
            }
            return Double.compare(x.value(), y.value());
        };
    }

    /** Prometheus's quantile: a weighted average of the two nearest ranks. */
    static double quantile(double q, double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        double[] sorted = values.clone();
        sortNaNFirst(sorted);
        double n = sorted.length;
        double rank = q * (n - 1);
        double lower = Math.max(0, Math.floor(rank));
        double upper = Math.min(n - 1, lower + 1);
        double weight = rank - Math.floor(rank);
        return sorted[(int) lower] * (1 - weight) + sorted[(int) upper] * weight;
    }

    static void sortNaNFirst(double[] v) {
        java.util.Arrays.sort(v);
        int nans = 0;
        for (double d : v) {
            if (Double.isNaN(d)) {
                nans++;
            }
        }
        if (nans > 0) {
            System.arraycopy(v, 0, v, nans, v.length - nans);
            java.util.Arrays.fill(v, 0, nans, Double.NaN);
        }
    }
}
