package dev.vigil.bench;

import dev.vigil.label.Labels;
import dev.vigil.promql.Evaluator;
import dev.vigil.promql.Parser;
import dev.vigil.promql.SeriesStore;
import dev.vigil.rule.GroupEvaluator;
import dev.vigil.rule.Rule;
import dev.vigil.rule.RuleGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The benchmark of docs/benchmarks.md (run it with bench/rules.sh): 100,000 series holding one hour at 15 s
 * resolution, then rounds of 1,000 alerting rules (rate, sum by, histogram_quantile, comparisons) over them.
 * Prints the memory held per series and the time of each evaluation round.
 */
public final class RuleEvaluationBench {
    private static final int SERVICES = 100;
    private static final int INSTANCES = 50;
    private static final String[] LE = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"};
    private static final long STEP_MS = 15_000;
    /** Samples per series: an hour at 15 s by default; the second argument sets another count. */
    private static int samples = 240;

    private RuleEvaluationBench() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        samples = args.length > 1 ? Integer.parseInt(args[1]) : samples;
        Runtime rt = Runtime.getRuntime();
        long before = used(rt);
        SeriesStore store = new SeriesStore(Duration.ofHours(2).toMillis());
        int series = load(store);
        long after = used(rt);
        System.out.printf("series: %d, samples: %d%n", series, (long) series * samples);
        System.out.printf("memory held: %.1f MiB, %.0f bytes per series (%.2f bytes per sample)%n",
                (after - before) / 1048576.0, (after - before) / (double) series,
                (after - before) / (double) series / samples);

        long now = samples * STEP_MS;
        Evaluator engine = new Evaluator(store, Evaluator.DEFAULT_LOOKBACK_MS, 60_000);
        List<GroupEvaluator> groups = groups(store, engine);
        int rules = groups.stream().mapToInt(g -> g.group().rules().size()).sum();
        System.out.printf("rules: %d in %d groups%n", rules, groups.size());
        List<Double> times = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            long start = System.nanoTime();
            for (GroupEvaluator g : groups) {
                g.eval(now);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            times.add(seconds);
            System.out.printf("round %d: %.3f s%n", round + 1, seconds);
        }
        List<Double> warm = new ArrayList<>(times.subList(Math.min(2, times.size() - 1), times.size()));
        warm.sort(null);
        System.out.printf("after warm-up: median %.3f s, best %.3f s, worst %.3f s%n", warm.get(warm.size() / 2),
                warm.get(0), warm.get(warm.size() - 1));
    }

    private static int load(SeriesStore store) {
        int n = 0;
        for (int s = 0; s < SERVICES; s++) {
            for (int i = 0; i < INSTANCES; i++) {
                Labels base = Labels.of("service", "svc" + s, "instance", "i" + i, "job", "api");
                n += counter(store, base.with("__name__", "requests_total").with("code", "200"), 100, s * 31 + i);
                n += counter(store, base.with("__name__", "requests_total").with("code", "500"), 2, s * 17 + i);
                n += gauge(store, base.with("__name__", "up"), i % 97 == 0 ? 0 : 1);
                n += gauge(store, base.with("__name__", "memory_bytes"), 1e9 + s * 1e6 + i);
                for (int b = 0; b < LE.length; b++) {
                    n += counter(store, base.with("__name__", "latency_seconds_bucket").with("le", LE[b]),
                            10 * (b + 1), s + i + b);
                }
                n += counter(store, base.with("__name__", "latency_seconds_count"), 120, s + i);
                n += counter(store, base.with("__name__", "latency_seconds_sum"), 12, s + i);
                n += counter(store, base.with("__name__", "cpu_seconds_total"), 15, s * 3 + i);
                n += gauge(store, base.with("__name__", "disk_free_bytes"), 5e10 - s * 1e8 - i);
            }
        }
        return n;
    }

    private static int counter(SeriesStore store, Labels l, double perStep, int seed) {
        double v = seed;
        for (int k = 0; k < samples; k++) {
            v += perStep * (0.5 + ((k * 7919 + seed) % 100) / 100.0);
            store.append(l, k * STEP_MS, Math.floor(v));
        }
        return 1;
    }

    private static int gauge(SeriesStore store, Labels l, double value) {
        for (int k = 0; k < samples; k++) {
            store.append(l, k * STEP_MS, value);
        }
        return 1;
    }

    private static List<GroupEvaluator> groups(SeriesStore store, Evaluator engine) {
        List<GroupEvaluator> out = new ArrayList<>();
        for (int g = 0; g < 10; g++) {
            List<Rule> rules = new ArrayList<>();
            for (int k = 0; k < 100; k++) {
                String svc = "svc" + ((g * 100 + k) % SERVICES);
                String expr = switch (k % 4) {
                    case 0 -> "sum by (service) (rate(requests_total{service=\"" + svc + "\",code=\"500\"}[5m])) / "
                            + "sum by (service) (rate(requests_total{service=\"" + svc + "\"}[5m])) > 0.05";
                    case 1 -> "histogram_quantile(0.99, sum by (le) (rate(latency_seconds_bucket{service=\"" + svc
                            + "\"}[5m]))) > 0.5";
                    case 2 -> "up{service=\"" + svc + "\"} == 0";
                    default -> "avg by (service) (memory_bytes{service=\"" + svc + "\"}) > 2e9";
                };
                rules.add(new Rule.Alerting("Alert" + g + "_" + k, Parser.parse(expr), expr, Duration.ofMinutes(5),
                        Duration.ZERO, Map.of("severity", "page"), Map.of("summary", "{{ $labels.service }} is unwell")));
            }
            out.add(new GroupEvaluator(new RuleGroup("group" + g, "bench.yml", Optional.empty(), 0, Map.of(), rules),
                    store, engine, Map.of(), ""));
        }
        return out;
    }

    private static long used(Runtime rt) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
