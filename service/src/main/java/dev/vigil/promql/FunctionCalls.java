package dev.vigil.promql;

import dev.vigil.label.Labels;
import dev.vigil.label.Matcher;
import dev.vigil.promql.Value.Sample;
import dev.vigil.promql.Value.Series;
import dev.vigil.promql.Value.Vector;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.function.DoubleUnaryOperator;

/** Evaluates function calls: dispatches range functions per series, and implements the instant-vector ones. */
final class FunctionCalls {
    private static final Map<String, DoubleUnaryOperator> MATH = Map.ofEntries(
            Map.entry("abs", Math::abs), Map.entry("ceil", Math::ceil), Map.entry("floor", Math::floor),
            Map.entry("exp", GoMath::exp), Map.entry("sqrt", Math::sqrt), Map.entry("ln", GoMath::log),
            Map.entry("log2", GoMath::log2), Map.entry("log10", GoMath::log10),
            Map.entry("sgn", v -> v < 0 ? -1 : v > 0 ? 1 : v),
            Map.entry("deg", v -> v * 180 / Math.PI), Map.entry("rad", v -> v * Math.PI / 180),
            Map.entry("acos", GoMath::acos), Map.entry("asin", GoMath::asin), Map.entry("atan", GoMath::atan),
            Map.entry("cos", GoMath::cos), Map.entry("sin", GoMath::sin), Map.entry("tan", GoMath::tan),
            Map.entry("cosh", GoMath::cosh), Map.entry("sinh", GoMath::sinh), Map.entry("tanh", GoMath::tanh),
            Map.entry("acosh", GoMath::acosh), Map.entry("asinh", GoMath::asinh), Map.entry("atanh", GoMath::atanh));

    private FunctionCalls() {
    }

    static Value call(Evaluator.Query q, Expr.Call c, long ts) {
        String name = c.function().name();
        List<Expr> args = c.args();
        if (c.function().args().contains(ValueType.MATRIX)) {
            return BinaryOps.checkUnique(range(q, c, ts));
        }
        return switch (name) {
            case "time" -> new Value.Scalar(ts / 1000.0);
            case "pi" -> new Value.Scalar(Math.PI);
            case "vector" -> new Vector(List.of(new Sample(Labels.empty(), q.evalScalar(args.get(0), ts), ts)));
            case "scalar" -> {
                List<Sample> v = q.evalVector(args.get(0), ts).samples();
                yield new Value.Scalar(v.size() == 1 ? v.get(0).value() : Double.NaN);
            }
            case "absent" -> absent(q.evalVector(args.get(0), ts).samples().isEmpty(), args.get(0), ts);
            default -> BinaryOps.checkUnique(instant(q, name, args, ts));
        };
    }

    private static Vector range(Evaluator.Query q, Expr.Call c, long ts) {
        String name = c.function().name();
        int matrixArg = c.function().args().indexOf(ValueType.MATRIX);
        Evaluator.RangeArg r = q.range(c.args().get(matrixArg), ts);
        if (name.equals("absent_over_time")) {
            return absent(r.series().isEmpty(), c.args().get(0), ts);
        }
        double[] scalars = new double[c.args().size() - 1];
        int k = 0;
        for (int i = 0; i < c.args().size(); i++) {
            if (i != matrixArg) {
                scalars[k++] = q.evalScalar(c.args().get(i), ts);
            }
        }
        List<Sample> out = new ArrayList<>();
        for (Series s : r.series()) {
            OptionalDouble v = RangeFunctions.apply(name, s.points(), r, ts, scalars);
            if (v.isPresent()) {
                Labels labels = name.equals("last_over_time") ? s.labels() : Evaluator.dropName(s.labels());
                out.add(new Sample(labels, v.getAsDouble(), ts));
            }
        }
        return new Vector(out);
    }

    private static Vector instant(Evaluator.Query q, String name, List<Expr> args, long ts) {
        DoubleUnaryOperator math = MATH.get(name);
        if (math != null) {
            return map(q.evalVector(args.get(0), ts), ts, math);
        }
        switch (name) {
            case "clamp": {
                double min = q.evalScalar(args.get(1), ts);
                double max = q.evalScalar(args.get(2), ts);
                Vector v = q.evalVector(args.get(0), ts);
                return max < min ? new Vector(List.of()) : map(v, ts, x -> Math.max(min, Math.min(max, x)));
            }
            case "clamp_max": {
                double max = q.evalScalar(args.get(1), ts);
                return map(q.evalVector(args.get(0), ts), ts, x -> Math.min(max, x));
            }
            case "clamp_min": {
                double min = q.evalScalar(args.get(1), ts);
                return map(q.evalVector(args.get(0), ts), ts, x -> Math.max(min, x));
            }
            case "round": {
                double toNearest = args.size() > 1 ? q.evalScalar(args.get(1), ts) : 1;
                double inverse = 1.0 / toNearest;
                return map(q.evalVector(args.get(0), ts), ts, x -> Math.floor(x * inverse + 0.5) / inverse);
            }
            case "timestamp": {
                List<Sample> out = new ArrayList<>();
                for (Sample s : q.evalVector(args.get(0), ts).samples()) {
                    out.add(new Sample(Evaluator.dropName(s.labels()), s.t() / 1000.0, ts));
                }
                return new Vector(out);
            }
            case "sort", "sort_desc":
                return sorted(q.evalVector(args.get(0), ts), name.equals("sort_desc"));
            case "histogram_quantile":
                return HistogramQuantile.eval(q.evalScalar(args.get(0), ts), q.evalVector(args.get(1), ts), ts);
            case "label_replace":
                return LabelFunctions.replace(q.evalVector(args.get(0), ts), strings(q, args, ts));
            case "label_join":
                return LabelFunctions.join(q.evalVector(args.get(0), ts), strings(q, args, ts));
            default:
                return dates(q, name, args, ts);
        }
    }

    private static List<String> strings(Evaluator.Query q, List<Expr> args, long ts) {
        List<String> out = new ArrayList<>();
        for (Expr a : args.subList(1, args.size())) {
            out.add(((Value.Str) q.eval(a, ts)).value());
        }
        return out;
    }

    private static Vector dates(Evaluator.Query q, String name, List<Expr> args, long ts) {
        Vector in = args.isEmpty() ? new Vector(List.of(new Sample(Labels.empty(), ts / 1000.0, ts)))
                : q.evalVector(args.get(0), ts);
        return map(in, ts, v -> {
            ZonedDateTime t = Instant.ofEpochSecond((long) v).atZone(ZoneOffset.UTC);
            return switch (name) {
                case "days_in_month" -> t.toLocalDate().lengthOfMonth();
                case "day_of_month" -> t.getDayOfMonth();
                case "day_of_week" -> t.getDayOfWeek().getValue() % 7;
                case "day_of_year" -> t.getDayOfYear();
                case "hour" -> t.getHour();
                case "minute" -> t.getMinute();
                case "month" -> t.getMonthValue();
                case "year" -> t.getYear();
                default -> throw new IllegalArgumentException("function " + name);
            };
        });
    }

    private static Vector map(Vector v, long ts, DoubleUnaryOperator f) {
        List<Sample> out = new ArrayList<>();
        for (Sample s : v.samples()) {
            out.add(new Sample(Evaluator.dropName(s.labels()), f.applyAsDouble(s.value()), ts));
        }
        return new Vector(out);
    }

    private static Vector sorted(Vector v, boolean descending) {
        List<Sample> out = new ArrayList<>(v.samples());
        out.sort(descending ? Aggregations.byValue().reversed() : Aggregations.byValue());
        return new Vector(out);
    }

    /** absent() and absent_over_time(): 1, labelled from the selector's equality matchers, when nothing is there. */
    private static Vector absent(boolean nothing, Expr arg, long ts) {
        if (!nothing) {
            return new Vector(List.of());
        }
        Expr e = arg;
        while (e instanceof Expr.Paren p) {
            e = p.expr();
        }
        List<Matcher> matchers = e instanceof Expr.VectorSelector vs ? vs.matchers()
                : e instanceof Expr.MatrixSelector ms ? ms.selector().matchers() : List.of();
        Map<String, String> labels = new TreeMap<>();
        List<String> empty = new ArrayList<>();
        for (Matcher m : matchers) {
            if (m.name().equals("__name__")) {
                continue;
            }
            if (m.op() == Matcher.Op.EQ && !labels.containsKey(m.name())) {
                labels.put(m.name(), m.value());
            } else {
                empty.add(m.name());
            }
        }
        empty.forEach(labels::remove);
        return new Vector(List.of(new Sample(Labels.of(labels), 1, ts)));
    }
}
