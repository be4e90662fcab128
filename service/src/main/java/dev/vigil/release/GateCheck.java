package dev.vigil.release;

import java.time.Instant;

/** Evaluates a gate's expression: does it hold (a non-empty result) at an instant? */
@FunctionalInterface
public interface GateCheck {
    /** True when {@code expr} returns a non-empty result at {@code at}; throws with the reason when it cannot be had. */
    boolean holds(String expr, Instant at);

    /** Gates on the embedded PromQL engine. */
    static GateCheck embedded(dev.vigil.promql.Evaluator engine) {
        return of(dev.vigil.rule.RuleQuerier.embedded(engine));
    }

    /**
     * Gates where a rule group in the same file would be evaluated (the embedded engine, or a remote datasource): an
     * expression holds while it returns something, a non-empty vector or a scalar that is not NaN.
     */
    static GateCheck of(dev.vigil.rule.RuleQuerier querier) {
        return (expr, at) -> {
            dev.vigil.promql.Value v = querier.query(expr, dev.vigil.promql.Parser.parse(expr), at.toEpochMilli());
            if (v instanceof dev.vigil.promql.Value.Vector vector) {
                return !vector.samples().isEmpty();
            }
            return v instanceof dev.vigil.promql.Value.Scalar s && !Double.isNaN(s.value());
        };
    }
}
