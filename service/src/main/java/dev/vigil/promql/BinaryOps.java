package dev.vigil.promql;

import dev.vigil.label.Labels;
import dev.vigil.promql.Value.Sample;
import dev.vigil.promql.Value.Scalar;
import dev.vigil.promql.Value.Vector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Binary operators with Prometheus 2.42's semantics, vector matching included. */
final class BinaryOps {
    private static final Set<String> DROPS_NAME = Set.of("+", "-", "*", "/", "^", "%");
    private static final Set<String> COMPARISONS = Set.of("==", "!=", "<", "<=", ">", ">=");

    private BinaryOps() {
    }

    static Value eval(Evaluator.Query q, Expr.Binary b, long ts) {
        Value l = q.eval(b.lhs(), ts);
        Value r = q.eval(b.rhs(), ts);
        if (l instanceof Scalar ls && r instanceof Scalar rs) {
            Result res = apply(b.op(), ls.value(), rs.value());
            return new Scalar(b.returnBool() ? (res.keep ? 1 : 0) : res.value);
        }
        if (l instanceof Vector lv && r instanceof Vector rv) {
            Vector out = switch (b.op()) {
                case "and" -> and(lv, rv, b.matching());
                case "or" -> or(lv, rv, b.matching());
                case "unless" -> unless(lv, rv, b.matching());
                default -> vectors(b, lv, rv, ts);
            };
            return checkUnique(out);
        }
        boolean swap = l instanceof Scalar;
        Vector v = (Vector) (swap ? r : l);
        double scalar = ((Scalar) (swap ? l : r)).value();
        List<Sample> out = new ArrayList<>();
        for (Sample s : v.samples()) {
            double lv = swap ? scalar : s.value();
            double rv = swap ? s.value() : scalar;
            Result res = apply(b.op(), lv, rv);
            double value = COMPARISONS.contains(b.op()) && swap ? rv : res.value;
            boolean keep = res.keep;
            if (b.returnBool()) {
                value = keep ? 1 : 0;
                keep = true;
            }
            if (keep) {
                Labels labels = DROPS_NAME.contains(b.op()) || b.returnBool() ? Evaluator.dropName(s.labels()) : s.labels();
                out.add(new Sample(labels, value, ts));
            }
        }
        return checkUnique(new Vector(out));
    }

    /** The value of {@code l op r}, and whether a comparison keeps the element. */
    record Result(double value, boolean keep) {
    }

    static Result apply(String op, double l, double r) {
        return switch (op) {
            case "+" -> new Result(l + r, true);
            case "-" -> new Result(l - r, true);
            case "*" -> new Result(l * r, true);
            case "/" -> new Result(l / r, true);
            case "%" -> new Result(l % r, true);
            case "^" -> new Result(pow(l, r), true);
            case "atan2" -> new Result(GoMath.atan2(l, r), true);
            case "==" -> new Result(l, l == r);
            case "!=" -> new Result(l, l != r);
            case "<" -> new Result(l, l < r);
            case "<=" -> new Result(l, l <= r);
            case ">" -> new Result(l, l > r);
            case ">=" -> new Result(l, l >= r);
            default -> throw new IllegalArgumentException("operator " + op);
        };
    }

    /** Go's math.Pow (Java's differs where the base is ±1, and in the last bit elsewhere). */
    static double pow(double x, double y) {
        return GoMath.pow(x, y);
    }

    /** The labels two elements are matched on. */
    static Labels signature(Labels l, Expr.VectorMatching m) {
        Map<String, String> out = new TreeMap<>();
        if (m.on()) {
            for (String name : m.labels()) {
                out.put(name, l.get(name));
            }
        } else {
            out.putAll(l.asMap());
            m.labels().forEach(out::remove);
            out.remove("__name__");
        }
        return Labels.of(out);
    }

    private static Vector and(Vector l, Vector r, Expr.VectorMatching m) {
        Set<Labels> right = new HashSet<>();
        r.samples().forEach(s -> right.add(signature(s.labels(), m)));
        return new Vector(l.samples().stream().filter(s -> right.contains(signature(s.labels(), m))).toList());
    }

    private static Vector or(Vector l, Vector r, Expr.VectorMatching m) {
        Set<Labels> left = new HashSet<>();
        List<Sample> out = new ArrayList<>();
        for (Sample s : l.samples()) {
            left.add(signature(s.labels(), m));
            out.add(s);
        }
        r.samples().stream().filter(s -> !left.contains(signature(s.labels(), m))).forEach(out::add);
        return new Vector(out);
    }

    private static Vector unless(Vector l, Vector r, Expr.VectorMatching m) {
        Set<Labels> right = new HashSet<>();
        r.samples().forEach(s -> right.add(signature(s.labels(), m)));
        return new Vector(l.samples().stream().filter(s -> !right.contains(signature(s.labels(), m))).toList());
    }

    private static Vector vectors(Expr.Binary b, Vector lhs, Vector rhs, long ts) {
        Expr.VectorMatching m = b.matching();
        boolean swapped = m.cardinality() == Expr.Cardinality.ONE_TO_MANY;
        Vector many = swapped ? rhs : lhs;
        Vector one = swapped ? lhs : rhs;
        Map<Labels, Sample> oneSide = new HashMap<>();
        for (Sample s : one.samples()) {
            Labels sig = signature(s.labels(), m);
            Sample dup = oneSide.put(sig, s);
            if (dup != null) {
                throw new EvalException("found duplicate series for the match group " + sig + " on the "
                        + (swapped ? "left" : "right") + " hand-side of the operation: [" + s.labels() + ", "
                        + dup.labels() + "];many-to-many matching not allowed: matching labels must be unique on one side");
            }
        }
        Map<Labels, Set<Labels>> matched = new LinkedHashMap<>();
        List<Sample> out = new ArrayList<>();
        for (Sample ls : many.samples()) {
            Labels sig = signature(ls.labels(), m);
            Sample rs = oneSide.get(sig);
            if (rs == null) {
                continue;
            }
            double lv = swapped ? rs.value() : ls.value();
            double rv = swapped ? ls.value() : rs.value();
            Result res = apply(b.op(), lv, rv);
            double value = res.value;
            boolean keep = res.keep;
            if (b.returnBool()) {
                value = keep ? 1 : 0;
                keep = true;
            }
            if (!keep) {
                continue;
            }
            Labels metric = resultMetric(ls.labels(), rs.labels(), b.op(), m);
            if (b.returnBool()) {
                metric = Evaluator.dropName(metric);
            }
            Set<Labels> inserted = matched.get(sig);
            if (m.cardinality() == Expr.Cardinality.ONE_TO_ONE) {
                if (inserted != null) {
                    throw new EvalException("multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
                }
                matched.put(sig, Set.of());
            } else {
                if (inserted == null) {
                    inserted = new HashSet<>();
                    matched.put(sig, inserted);
                } else if (inserted.contains(metric)) {
                    throw new EvalException("multiple matches for labels: grouping labels must ensure unique matches");
                }
                inserted.add(metric);
            }
            out.add(new Sample(metric, value, ts));
        }
        return new Vector(out);
    }

    private static Labels resultMetric(Labels many, Labels one, String op, Expr.VectorMatching m) {
        Map<String, String> out = new TreeMap<>(many.asMap());
        if (DROPS_NAME.contains(op)) {
            out.remove("__name__");
        }
        if (m.cardinality() == Expr.Cardinality.ONE_TO_ONE) {
            if (m.on()) {
                out.keySet().retainAll(m.labels());
            } else {
                m.labels().forEach(out::remove);
            }
        }
        for (String name : m.include()) {
            String v = one.get(name);
            if (v.isEmpty()) {
                out.remove(name);
            } else {
                out.put(name, v);
            }
        }
        return Labels.of(out);
    }

    static Vector checkUnique(Vector v) {
        Set<Labels> seen = new HashSet<>();
        for (Sample s : v.samples()) {
            if (!seen.add(s.labels())) {
                throw new EvalException("vector cannot contain metrics with the same labelset");
            }
        }
        return v;
    }
}
