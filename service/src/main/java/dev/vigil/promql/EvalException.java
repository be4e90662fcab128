package dev.vigil.promql;

/**
 * An expression that parsed but cannot be evaluated on this data (duplicate series, many-to-many matching), or that
 * went past a query limit. {@code errorType} is the Prometheus API's: {@code execution} (422), {@code timeout} (503).
 */
public final class EvalException extends RuntimeException {
    private final String errorType;

    public EvalException(String message) {
        this(message, "execution");
    }

    private EvalException(String message, String errorType) {
        super(message);
        this.errorType = errorType;
    }

    /** Prometheus's words when a query would hold more samples than {@code query.maxSamples}. */
    public static EvalException tooManySamples() {
        return new EvalException("query processing would load too many samples into memory in query execution");
    }

    /** Prometheus's words when a query runs longer than {@code query.timeout}. */
    public static EvalException timeout() {
        return new EvalException("query timed out in expression evaluation", "timeout");
    }

    public String errorType() {
        return errorType;
    }
}
