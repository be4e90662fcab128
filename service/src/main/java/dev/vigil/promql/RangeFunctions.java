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
            double lastValue = 0;
            for (Point s : p) {
                if (s.value() < lastValue) {
                    result += lastValue;
                }
                lastValue = s.value();
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
        result = result * (extrapolateToInterval / sampledInterval);
        if (rate) {
            result = result / (r.rangeMs() / 1000.0);
        }
        return OptionalDouble.of(result);
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

    /** Neumaier's compensated summation step, as Prometheus's kahanSumInc: the new sum and compensation. */
    static double[] kahanSumInc(double inc, double sum, double c) {
        double t = sum + inc;
        if (Double.isInfinite(t)) {
            c = 0;
        } else if (Math.abs(sum) >= Math.abs(inc)) {
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

    private static double variance(List<Point> p) {
        double count = 0;
        double mean = 0;
        double aux = 0;
        for (Point s : p) {
            count++;
            double delta = s.value() - mean;
            mean += delta / count;
            aux += delta * (s.value() - mean);
        }
        return aux / count;
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
        double sumX = 0;
        double sumY = 0;
        double sumXY = 0;
        double sumX2 = 0;
        double initY = p.get(0).value();
        boolean constY = true;
        for (int i = 0; i < p.size(); i++) {
            Point s = p.get(i);
            if (constY && i > 0 && s.value() != initY) {
                constY = false;
            }
            n += 1.0;
            double x = (s.t() - interceptTime) / 1e3;
            sumX += x;
            sumY += s.value();
            sumXY += x * s.value();
            sumX2 += x * x;
        }
        if (constY) {
            if (Double.isInfinite(initY)) {
                return new double[] {Double.NaN, Double.NaN};
            }
            return new double[] {0, initY};
        }
        double covXY = sumXY - sumX * sumY / n;
        double varX = sumX2 - sumX * sumX / n;
        double slope = covXY / varX;
        double intercept = sumY / n - slope * sumX / n;
        return new double[] {slope, intercept};
    }

    private static OptionalDouble holtWinters(List<Point> p, double sf, double tf) {
        if (sf <= 0 || sf >= 1) {
            throw new EvalException(String.format("invalid smoothing factor. Expected: 0 < sf < 1, got: %f", sf));
        }
        if (tf <= 0 || tf >= 1) {
            throw new EvalException(String.format("invalid trend factor. Expected: 0 < tf < 1, got: %f", tf));
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
