package dev.vigil.promql;

import dev.vigil.label.Labels;
import dev.vigil.promql.Value.Matrix;
import dev.vigil.promql.Value.Point;
import dev.vigil.promql.Value.Sample;
import dev.vigil.promql.Value.Series;
import dev.vigil.promql.Value.Vector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a parsed expression at an instant with Prometheus 2.42's semantics: a 5-minute lookback for
 * instant selectors, staleness markers, range windows closed at both ends, subqueries aligned to their step.
 */
public final class Evaluator {
    public static final long DEFAULT_LOOKBACK_MS = 5 * 60 * 1000;

    /** Prometheus's defaults: {@code --query.max-samples} and {@code --query.timeout}. */
    public static final long DEFAULT_MAX_SAMPLES = 50_000_000;
    public static final java.time.Duration DEFAULT_TIMEOUT = java.time.Duration.ofMinutes(2);

    private final Queryable store;
    private final long lookbackMs;
    private final long defaultStepMs;
    private final long maxSamples;
    private final long timeoutNanos;

    /** {@code defaultStepMs} is the step of subqueries that do not give one (the evaluation interval). */
    public Evaluator(Queryable store, long lookbackMs, long defaultStepMs) {
        this(store, lookbackMs, defaultStepMs, DEFAULT_MAX_SAMPLES, DEFAULT_TIMEOUT);
    }

    /**
     * The same with limits: a query that would load more than {@code maxSamples} samples (counted as they are read
     * and as subquery steps produce them, so the count is reached before the memory is used) or run longer than
     * {@code timeout} stops with Prometheus's error.
     */
    public Evaluator(Queryable store, long lookbackMs, long defaultStepMs, long maxSamples, java.time.Duration timeout) {
        this.store = store;
        this.lookbackMs = lookbackMs;
        this.defaultStepMs = defaultStepMs;
        this.maxSamples = Math.min(maxSamples, heapSamples());
        this.timeoutNanos = timeout.toNanos();
    }

    /** What a loaded sample costs here at most (a point, its share of the list, the sample a step made). */
    static final long BYTES_PER_SAMPLE = 64;

    /**
     * The most samples a quarter of the JVM's heap holds: a query is stopped there even when {@code maxSamples} is
     * larger, because a Java sample is bigger than Prometheus's 16 bytes, and a query must never run Vigil out of
     * memory (docs/rules.md).
     */
    static long heapSamples() {
        return Math.max(1, Runtime.getRuntime().maxMemory() / 4 / BYTES_PER_SAMPLE);
    }

    /** The sample limit in force: {@code query.maxSamples}, or less where the heap is smaller. */
    public long maxSamples() {
        return maxSamples;
    }

    /** An instant query at {@code ts} (milliseconds). */
    public Value instant(Expr e, long ts) {
        return new Query(ts, ts).eval(e, ts);
    }

    /** A range vector argument: its series and the window they were read from. */
    record RangeArg(List<Series> series, long start, long end, long rangeMs) {
    }

    /** One query: its start and end are what {@code @ start()} and {@code @ end()} mean. */
    final class Query {
        final long start;
        final long end;
        private final long deadline = System.nanoTime() + timeoutNanos;
        private long samples;

        Query(long start, long end) {
            this.start = start;
            this.end = end;
        }

        /** Counts {@code n} more samples loaded, against the limit, and checks the time. */
        void account(long n) {
            samples += n;
            if (samples > maxSamples) {
                throw EvalException.tooManySamples();
            }
            if (System.nanoTime() - deadline > 0) {
                throw EvalException.timeout();
            }
        }

        Value eval(Expr e, long ts) {
            if (e instanceof Expr.NumberLiteral n) {
                return new Value.Scalar(n.value());
            }
            if (e instanceof Expr.StringLiteral s) {
                return new Value.Str(s.value());
            }
            if (e instanceof Expr.Paren p) {
                return eval(p.expr(), ts);
            }
            if (e instanceof Expr.Unary u) {
                return unary(u, ts);
            }
            if (e instanceof Expr.VectorSelector vs) {
                return vector(vs, ts);
            }
            if (e instanceof Expr.MatrixSelector || e instanceof Expr.Subquery) {
                return new Matrix(range(e, ts).series());
            }
            if (e instanceof Expr.Call c) {
                return FunctionCalls.call(this, c, ts);
            }
            if (e instanceof Expr.Aggregate a) {
                return Aggregations.eval(this, a, ts);
            }
            return BinaryOps.eval(this, (Expr.Binary) e, ts);
        }

        Vector evalVector(Expr e, long ts) {
            return (Vector) eval(e, ts);
        }

        double evalScalar(Expr e, long ts) {
            return ((Value.Scalar) eval(e, ts)).value();
        }

        long at(Expr.At at, long ts) {
            return switch (at.kind()) {
                case NONE -> ts;
                case TIME -> at.timeMs();
                case START -> start;
                case END -> end;
            };
        }

        private Value unary(Expr.Unary u, long ts) {
            Value v = eval(u.expr(), ts);
            if (u.op().equals("+")) {
                return v;
            }
            if (v instanceof Value.Scalar s) {
                return new Value.Scalar(-s.value());
            }
            List<Sample> out = new ArrayList<>();
            for (Sample s : ((Vector) v).samples()) {
                out.add(new Sample(dropName(s.labels()), -s.value(), ts));
            }
            return new Vector(out);
        }

        /** The latest sample of each series within the lookback, unless it is a staleness marker. */
        Vector vector(Expr.VectorSelector vs, long ts) {
            long ref = minus(at(vs.at(), ts), vs.offsetMs());
            List<Sample> out = new ArrayList<>();
            for (Series s : store.latest(vs.matchers(), ref - lookbackMs, ref)) {
                account(1);
                Point last = s.points().get(0);
                if (!Staleness.isStale(last.value())) {
                    out.add(new Sample(s.labels(), last.value(), last.t()));
                }
            }
            return new Vector(out);
        }

        /** A range vector: a matrix selector's window, or a subquery's steps. */
        RangeArg range(Expr e, long ts) {
            if (e instanceof Expr.Paren p) {
                return range(p.expr(), ts);
            }
            if (e instanceof Expr.MatrixSelector ms) {
                Expr.VectorSelector vs = ms.selector();
                long end = minus(at(vs.at(), ts), vs.offsetMs());
                long begin = minus(end, ms.rangeMs());
                List<Series> out = new ArrayList<>();
                for (Series s : store.select(vs.matchers(), begin, end)) {
                    account(s.points().size());
                    List<Point> points = withoutStale(s.points());
                    if (!points.isEmpty()) {
                        out.add(new Series(s.labels(), points));
                    }
                }
                return new RangeArg(out, begin, end, ms.rangeMs());
            }
            return subquery((Expr.Subquery) e, ts);
        }

        private RangeArg subquery(Expr.Subquery sq, long ts) {
            long step = sq.stepMs() > 0 ? sq.stepMs() : defaultStepMs;
            long end = minus(at(sq.at(), ts), sq.offsetMs());
            long from = minus(end, sq.rangeMs());
            // The first step is the first multiple of the step at or after the window's start (Go's truncation).
            long first = step * (from / step);
            if (first < from) {
                first += step;
            }
            Map<Labels, List<Point>> points = new LinkedHashMap<>();
            for (long t = first; t <= end; t += step) {
                account(0); // the time, once a step, even when the step finds nothing
                List<Sample> found = evalVector(sq.expr(), t).samples();
                account(found.size());
                for (Sample s : found) {
                    long at = t;
                    points.computeIfAbsent(s.labels(), l -> new ArrayList<>()).add(new Point(at, s.value()));
                }
                if (t > Long.MAX_VALUE - step) {
                    break; // the next step would wrap around
                }
            }
            List<Series> out = new ArrayList<>();
            points.forEach((l, p) -> out.add(new Series(l, p)));
            return new RangeArg(out, from, end, sq.rangeMs());
        }
    }

    /** The points that are not staleness markers: the list itself when none is (the usual case). */
    static List<Point> withoutStale(List<Point> points) {
        for (int i = 0; i < points.size(); i++) {
            if (Staleness.isStale(points.get(i).value())) {
                List<Point> kept = new ArrayList<>(points.size());
                for (Point p : points) {
                    if (!Staleness.isStale(p.value())) {
                        kept.add(p);
                    }
                }
                return kept;
            }
        }
        return points;
    }

    /** {@code a - b}, or an evaluation error when a timestamp would leave the range of milliseconds. */
    static long minus(long a, long b) {
        try {
            return Math.subtractExact(a, b);
        } catch (ArithmeticException e) {
            throw new EvalException("timestamp out of range: offsets and ranges reach beyond year 292,277,026");
        }
    }

    static Labels dropName(Labels l) {
        return l.has("__name__") ? l.with("__name__", "") : l;
    }
}
