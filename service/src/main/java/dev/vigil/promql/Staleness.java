package dev.vigil.promql;

/** Prometheus's staleness marker: one particular NaN bit pattern that ends a series. */
public final class Staleness {
    public static final long STALE_NAN_BITS = 0x7ff0000000000002L;
    public static final double STALE_NAN = Double.longBitsToDouble(STALE_NAN_BITS);

    private Staleness() {
    }

    public static boolean isStale(double v) {
        return Double.doubleToRawLongBits(v) == STALE_NAN_BITS;
    }
}
