package dev.vigil.promql;

import dev.vigil.promql.Value.Point;
import java.util.List;
import java.util.OptionalDouble;

/** The functions over one series' points in a range window, as Prometheus 2.42 computes them. */
final class RangeFunctions {
    private RangeFunctions() {
    }

    /** The value of {@code name} over {@code p}, or empty when the function drops the series. */
    static OptionalDouble apply(String name, List<Point> p, Evaluator.RangeArg r, long ts, double[] scalars) {
        return switch (name) {
            case "rate" -> extrapolatedRate(p, r, true, true);
            case "increase" -> extrapolatedRate(p, r, true, false);
            case "delta" -> extrapolatedRate(p, r, false, false);
            case "irate" -> instantValue(p, true);
            case "idelta" -> instantValue(p, false);
            case "avg_over_time" -> OptionalDouble.of(avg(p));
            case "count_over_time" -> OptionalDouble.of(p.size());
            case "sum_over_time" -> OptionalDouble.of(sum(p));
            case "max_over_time" -> OptionalDouble.of(max(p));
            case "min_over_time" -> OptionalDouble.of(min(p));
            case "last_over_time" -> OptionalDouble.of(p.get(p.size() - 1).value());
            case "present_over_time" -> OptionalDouble.of(1);
            case "stddev_over_time" -> OptionalDouble.of(Math.sqrt(variance(p)));
            case "stdvar_over_time" -> OptionalDouble.of(variance(p));
            case "quantile_over_time" -> OptionalDouble.of(
                    Aggregations.quantile(scalars[0], p.stream().mapToDouble(Point::value).toArray()));
            case "changes" -> OptionalDouble.of(changes(p));
            case "resets" -> OptionalDouble.of(resets(p));
            case "deriv" -> p.size() < 2 ? OptionalDouble.empty() : OptionalDouble.of(regression(p, p.get(0).t())[0]);
            case "predict_linear" -> {
                if (p.size() < 2) {
                    yield OptionalDouble.empty();
                }
                double[] si = regression(p, ts);
                yield OptionalDouble.of(si[0] * scalars[0] + si[1]);
            }
            case "holt_winters" -> holtWinters(p, scalars[0], scalars[1]);
            default -> throw new IllegalArgumentException("not a range function: " + name);
        };
    }

    static OptionalDouble extrapolatedRate(List<Point> p, Evaluator.RangeArg r, boolean counter, boolean rate) {
        if (p.size() < 2) {
            return OptionalDouble.empty();
        }
        Point first = p.get(0);
        Point last = p.get(p.size() - 1);
        double result = last.value() - first.value();
        if (counter) {
            double previous = first.value();
            for (Point s : p.subList(1, p.size())) {
                if (s.value() < previous) {
                    result += previous;
                }
                previous = s.value();
            }
        }
        double durationToStart = (first.t() - r.start()) / 1000.0;
        double durationToEnd = (r.end() - last.t()) / 1000.0;
        double sampledInterval = (last.t() - first.t()) / 1000.0;
        double averageDurationBetweenSamples = sampledInterval / (p.size() - 1);
        if (counter && result > 0 && first.value() >= 0) {
            double durationToZero = sampledInterval * (first.value() / result);
            if (durationToZero < durationToStart) {
                durationToStart = durationToZero;
            }
        }
        double threshold = averageDurationBetweenSamples * 1.1;
        double extrapolateToInterval = sampledInterval;
        extrapolateToInterval += durationToStart < threshold ? durationToStart : averageDurationBetweenSamples / 2;
        extrapolateToInterval += durationToEnd < threshold ? durationToEnd : averageDurationBetweenSamples / 2;
        // In 2.42's order: the factor, divided by the range, then the multiplication (other orders differ in the
        // last bit, and promtool compares with ==).
        double factor = extrapolateToInterval / sampledInterval;
        if (rate) {
            factor /= goSeconds(r.rangeMs());
        }
        return OptionalDouble.of(result * factor);
    }

    private static OptionalDouble instantValue(List<Point> p, boolean rate) {
        if (p.size() < 2) {
            return OptionalDouble.empty();
        }
        Point last = p.get(p.size() - 1);
        Point previous = p.get(p.size() - 2);
        double result = rate && last.value() < previous.value() ? last.value() : last.value() - previous.value();
        long interval = last.t() - previous.t();
        if (interval == 0) {
            return OptionalDouble.empty();
        }
        if (rate) {
            result /= interval / 1000.0;
        }
        return OptionalDouble.of(result);
    }

    private static double avg(List<Point> p) {
        double mean = 0;
        double count = 0;
        double c = 0;
        for (Point s : p) {
            double v = s.value();
            count++;
            if (Double.isInfinite(mean)) {
                if (Double.isInfinite(v) && (mean > 0) == (v > 0)) {
                    continue;
                }
                if (!Double.isInfinite(v) && !Double.isNaN(v)) {
                    continue;
                }
            }
            double[] r = kahanSumInc(v / count - mean / count, mean, c);
            mean = r[0];
            c = r[1];
        }
        return Double.isInfinite(mean) ? mean : mean + c;
    }

    private static double sum(List<Point> p) {
        double sum = 0;
        double c = 0;
        for (Point s : p) {
            double[] r = kahanSumInc(s.value(), sum, c);
            sum = r[0];
            c = r[1];
        }
        return Double.isInfinite(sum) ? sum : sum + c;
    }

    /** Go's {@code time.Duration.Seconds()} of a millisecond duration: whole seconds plus the rest in nanoseconds. */
    static double goSeconds(long ms) {
        return (double) (ms / 1000) + (double) ((ms % 1000) * 1_000_000L) / 1e9;
    }

    /** Neumaier's compensated summation step, as Prometheus 2.42's kahanSumInc: the new sum and compensation. */
    static double[] kahanSumInc(double inc, double sum, double c) {
        double t = sum + inc;
        if (Math.abs(sum) >= Math.abs(inc)) {
            c += (sum - t) + inc;
        } else {
            c += (inc - t) + sum;
        }
        return new double[] {t, c};
    }

    private static double max(List<Point> p) {
        double max = p.get(0).value();
        for (Point s : p) {
            if (s.value() > max || Double.isNaN(max)) {
                max = s.value();
            }
        }
        return max;
    }

    private static double min(List<Point> p) {
        double min = p.get(0).value();
        for (Point s : p) {
            if (s.value() < min || Double.isNaN(min)) {
                min = s.value();
            }
        }
        return min;
    }

    /** 2.42's stdvar_over_time: Welford's method with compensated sums for the mean and the squares. */
    private static double variance(List<Point> p) {
        double count = 0;
        double mean = 0;
        double cMean = 0;
        double aux = 0;
        double cAux = 0;
        for (Point s : p) {
            count++;
            double delta = s.value() - (mean + cMean);
            double[] m = kahanSumInc(delta / count, mean, cMean);
            mean = m[0];
            cMean = m[1];
            double[] a = kahanSumInc(delta * (s.value() - (mean + cMean)), aux, cAux);
            aux = a[0];
            cAux = a[1];
        }
        return (aux + cAux) / count;
    }

    private static double changes(List<Point> p) {
        int changes = 0;
        double prev = p.get(0).value();
        for (Point s : p.subList(1, p.size())) {
            double cur = s.value();
            if (cur != prev && !(Double.isNaN(cur) && Double.isNaN(prev))) {
                changes++;
            }
            prev = cur;
        }
        return changes;
    }

    private static double resets(List<Point> p) {
        int resets = 0;
        double prev = p.get(0).value();
        for (Point s : p.subList(1, p.size())) {
            if (s.value() < prev) {
                resets++;
            }
            prev = s.value();
        }
        return resets;
    }

    /** Least-squares slope and intercept, x in seconds relative to {@code interceptTime}. */
    static double[] regression(List<Point> p, long interceptTime) {
        double n = 0;
        double[] sumX = {0, 0};
        double[] sumY = {0, 0};
        double[] sumXY = {0, 0};
        double[] sumX2 = {0, 0};
        double initY = p.get(0).value();
        boolean constY = true;
        for (int i = 0; i < p.size(); i++) {
            Point s = p.get(i);
            if (constY && i > 0 && s.value() != initY) {
                constY = false;
            }
            n += 1.0;
            double x = (s.t() - interceptTime) / 1e3;
            sumX = kahanSumInc(x, sumX[0], sumX[1]);
            sumY = kahanSumInc(s.value(), sumY[0], sumY[1]);
            sumXY = kahanSumInc(x * s.value(), sumXY[0], sumXY[1]);
            sumX2 = kahanSumInc(x * x, sumX2[0], sumX2[1]);
        }
        if (constY) {
            if (Double.isInfinite(initY)) {
                return new double[] {Double.NaN, Double.NaN};
            }
            return new double[] {0, initY};
        }
        double sx = sumX[0] + sumX[1];
        double sy = sumY[0] + sumY[1];
        double sxy = sumXY[0] + sumXY[1];
        double sx2 = sumX2[0] + sumX2[1];
        double covXY = sxy - sx * sy / n;
        double varX = sx2 - sx * sx / n;
        double slope = covXY / varX;
        double intercept = sy / n - slope * sx / n;
        return new double[] {slope, intercept};
    }

    private static OptionalDouble holtWinters(List<Point> p, double sf, double tf) {
        if (sf <= 0 || sf >= 1) {
            throw new EvalException(String.format(java.util.Locale.ROOT, "invalid smoothing factor. Expected: 0 < sf < 1, got: %f", sf));
        }
        if (tf <= 0 || tf >= 1) {
            throw new EvalException(String.format(java.util.Locale.ROOT, "invalid trend factor. Expected: 0 < tf < 1, got: %f", tf));
        }
        if (p.size() < 2) {
            return OptionalDouble.empty();
        }
        double s0 = 0;
        double s1 = p.get(0).value();
        double b = p.get(1).value() - p.get(0).value();
        for (int i = 1; i < p.size(); i++) {
            double x = sf * p.get(i).value();
            if (i - 1 != 0) {
                b = tf * (s1 - s0) + (1 - tf) * b;
            }
            double y = (1 - sf) * (s1 + b);
            s0 = s1;
            s1 = x + y;
        }
        return OptionalDouble.of(s1);
    }
}
