package dev.vigil.release;

import java.time.Instant;

/** Evaluates a gate's expression: does it hold (a non-empty result) at an instant? */
@FunctionalInterface
public interface GateCheck {
    /** True when {@code expr} returns a non-empty result at {@code at}; throws with the reason when it cannot be had. */
    boolean holds(String expr, Instant at);

    /**
     * Gates on the embedded PromQL engine: an expression holds while it returns something, a non-empty vector or a
     * scalar that is not NaN.
     */
    static GateCheck embedded(dev.vigil.promql.Evaluator engine) {
        return (expr, at) -> {
            dev.vigil.promql.Value v = engine.instant(dev.vigil.promql.Parser.parse(expr), at.toEpochMilli());
            if (v instanceof dev.vigil.promql.Value.Vector vector) {
                return !vector.samples().isEmpty();
            }
            return v instanceof dev.vigil.promql.Value.Scalar s && !Double.isNaN(s.value());
        };
    }
}
