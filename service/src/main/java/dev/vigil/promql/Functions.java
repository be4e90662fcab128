package dev.vigil.promql;

import static dev.vigil.promql.ValueType.MATRIX;
import static dev.vigil.promql.ValueType.SCALAR;
import static dev.vigil.promql.ValueType.STRING;
import static dev.vigil.promql.ValueType.VECTOR;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The signatures of every PromQL function of Prometheus 2.42 but the native-histogram ones. */
public final class Functions {

    /**
     * A function's name, argument types and return type. {@code variadic} is 0 for a fixed list, n > 0 when the
     * last n arguments are optional, and -1 when the last argument may repeat.
     */
    public record Signature(String name, List<ValueType> args, int variadic, ValueType returns) {
        int minArgs() {
            return variadic == -1 ? args.size() - 1 : args.size() - Math.max(0, variadic);
        }

        int maxArgs() {
            return variadic == -1 ? Integer.MAX_VALUE : args.size();
        }
    }

    private static final Map<String, Signature> ALL = new HashMap<>();

    static {
        for (String f : List.of("abs", "ceil", "exp", "floor", "ln", "log10", "log2", "sqrt", "sgn", "deg", "rad",
                "acos", "acosh", "asin", "asinh", "atan", "atanh", "cos", "cosh", "sin", "sinh", "tan", "tanh",
                "sort", "sort_desc", "timestamp", "absent")) {
            add(f, List.of(VECTOR), 0, VECTOR);
        }
        for (String f : List.of("avg_over_time", "count_over_time", "max_over_time", "min_over_time",
                "sum_over_time", "stddev_over_time", "stdvar_over_time", "last_over_time", "present_over_time",
                "absent_over_time", "changes", "resets", "delta", "deriv", "idelta", "increase", "irate", "rate")) {
            add(f, List.of(MATRIX), 0, VECTOR);
        }
        for (String f : List.of("day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour", "minute",
                "month", "year")) {
            add(f, List.of(VECTOR), 1, VECTOR);
        }
        add("clamp", List.of(VECTOR, SCALAR, SCALAR), 0, VECTOR);
        add("clamp_max", List.of(VECTOR, SCALAR), 0, VECTOR);
        add("clamp_min", List.of(VECTOR, SCALAR), 0, VECTOR);
        add("round", List.of(VECTOR, SCALAR), 1, VECTOR);
        add("histogram_quantile", List.of(SCALAR, VECTOR), 0, VECTOR);
        add("holt_winters", List.of(MATRIX, SCALAR, SCALAR), 0, VECTOR);
        add("predict_linear", List.of(MATRIX, SCALAR), 0, VECTOR);
        add("quantile_over_time", List.of(SCALAR, MATRIX), 0, VECTOR);
        add("label_replace", List.of(VECTOR, STRING, STRING, STRING, STRING), 0, VECTOR);
        add("label_join", List.of(VECTOR, STRING, STRING, STRING), -1, VECTOR);
        add("pi", List.of(), 0, SCALAR);
        add("time", List.of(), 0, SCALAR);
        add("scalar", List.of(VECTOR), 0, SCALAR);
        add("vector", List.of(SCALAR), 0, VECTOR);
    }

    private Functions() {
    }

    private static void add(String name, List<ValueType> args, int variadic, ValueType returns) {
        ALL.put(name, new Signature(name, args, variadic, returns));
    }

    public static Optional<Signature> get(String name) {
        return Optional.ofNullable(ALL.get(name));
    }
}
