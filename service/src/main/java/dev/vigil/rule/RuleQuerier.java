package dev.vigil.rule;

import dev.vigil.promql.Value;

/** Where a rule group's expressions are evaluated: the embedded engine, or a remote Prometheus-compatible server. */
public interface RuleQuerier {
    /**
     * The instant-query result of {@code rule}'s expression at {@code ts} (ms): a vector or a scalar. Throws
     * {@link dev.vigil.promql.EvalException} when it cannot be had, which counts as a failed evaluation.
     */
    Value query(String exprText, dev.vigil.promql.Expr expr, long ts);

    /** The embedded engine. */
    static RuleQuerier embedded(dev.vigil.promql.Evaluator engine) {
        return (text, expr, ts) -> engine.instant(expr, ts);
    }
}
