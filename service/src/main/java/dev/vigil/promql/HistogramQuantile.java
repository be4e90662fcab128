package dev.vigil.promql;

import dev.vigil.label.Labels;
import dev.vigil.promql.Value.Sample;
import dev.vigil.promql.Value.Vector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** histogram_quantile over classic {@code le} buckets, as Prometheus 2.42 interpolates it. */
final class HistogramQuantile {
    private HistogramQuantile() {
    }

    /** One bucket: its upper bound and cumulative count. */
    private static final class Bucket {
        final double upperBound;
        double count;

        Bucket(double upperBound, double count) {
            this.upperBound = upperBound;
            this.count = count;
        }
    }

    static Vector eval(double q, Vector in, long ts) {
        Map<Labels, List<Bucket>> groups = new LinkedHashMap<>();
        Map<Labels, Labels> metrics = new LinkedHashMap<>();
        for (Sample s : in.samples()) {
            double upper;
            try {
                upper = GoFloat.parse(s.labels().get("le"));
            } catch (NumberFormatException e) {
                continue;
            }
            Labels key = s.labels().with("le", "");
            metrics.putIfAbsent(key, Evaluator.dropName(key));
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(new Bucket(upper, s.value()));
        }
        List<Sample> out = new ArrayList<>();
        groups.forEach((key, buckets) -> out.add(new Sample(metrics.get(key), quantile(q, buckets), ts)));
        return new Vector(out);
    }

    static double quantile(double q, List<Bucket> buckets) {
        if (Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        List<Bucket> b = new ArrayList<>(buckets);
        b.sort(Comparator.comparingDouble(x -> x.upperBound));
        if (b.get(b.size() - 1).upperBound != Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        b = coalesce(b);
        double max = Double.NEGATIVE_INFINITY;
        for (Bucket x : b) {
            if (x.count > max) {
                max = x.count;
            } else if (x.count < max) {
                x.count = max;
            }
        }
        if (b.size() < 2) {
            return Double.NaN;
        }
        double observations = b.get(b.size() - 1).count;
        if (observations == 0) {
            return Double.NaN;
        }
        double rank = q * observations;
        int i = 0;
        while (i < b.size() - 1 && !(b.get(i).count >= rank)) {
            i++;
        }
        if (i == b.size() - 1) {
            return b.get(b.size() - 2).upperBound;
        }
        if (i == 0 && b.get(0).upperBound <= 0) {
            return b.get(0).upperBound;
        }
        double start = 0;
        double end = b.get(i).upperBound;
        double count = b.get(i).count;
        if (i > 0) {
            start = b.get(i - 1).upperBound;
            count -= b.get(i - 1).count;
            rank -= b.get(i - 1).count;
        }
        return start + (end - start) * (rank / count);
    }

    private static List<Bucket> coalesce(List<Bucket> b) {
        List<Bucket> out = new ArrayList<>();
        Bucket last = new Bucket(b.get(0).upperBound, b.get(0).count);
        for (Bucket x : b.subList(1, b.size())) {
            if (x.upperBound == last.upperBound) {
                last.count += x.count;
            } else {
                out.add(last);
                last = new Bucket(x.upperBound, x.count);
            }
        }
        out.add(last);
        return out;
    }
}
