package dev.vigil.promql;

/** An expression that parsed but cannot be evaluated on this data (duplicate series, many-to-many matching). */
public final class EvalException extends RuntimeException {
    public EvalException(String message) {
        super(message);
    }
}
