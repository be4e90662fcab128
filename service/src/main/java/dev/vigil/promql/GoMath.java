package dev.vigil.promql;

/** Go's math functions whose results differ in the last bit from Java's, ported from Go's sources (fdlibm). */
final class GoMath {
    private static final double LN2 = 0.6931471805599453;
    private static final double LOG2E = 1.4426950408889634;
    private static final double LOG10E = 0.4342944819032518;
    private static final double NEAR_ZERO = 1.0 / (1 << 28);
    private static final double LARGE = 1 << 28;

    private GoMath() {
    }

    static double log(double x) {
        return StrictMath.log(x);
    }

    static double log10(double x) {
        return StrictMath.log(x) * LOG10E;
    }

    static double log2(double x) {
        if (x == 0 || Double.isNaN(x) || Double.isInfinite(x)) {
            return StrictMath.log(x) * LOG2E;
        }
        int exp = Math.getExponent(x) + 1;
        double frac = x / Math.scalb(1.0, exp);
        if (Math.getExponent(x) == Double.MIN_EXPONENT - 1) {
            // Subnormal: normalise first, as Go's Frexp does.
            double n = x * (1L << 52);
            exp = Math.getExponent(n) + 1 - 52;
            frac = n / Math.scalb(1.0, Math.getExponent(n) + 1);
        }
        if (frac == 0.5) {
            return exp - 1;
        }
        return StrictMath.log(frac) * LOG2E + exp;
    }

    static double acosh(double x) {
        if (x < 1 || Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x == 1) {
            return 0;
        }
        if (x >= LARGE) {
            return StrictMath.log(x) + LN2;
        }
        if (x > 2) {
            return StrictMath.log(2 * x - 1 / (x + Math.sqrt(x * x - 1)));
        }
        double t = x - 1;
        return StrictMath.log1p(t + Math.sqrt(2 * t + t * t));
    }

    static double asinh(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return x;
        }
        boolean sign = x < 0;
        double a = Math.abs(x);
        double temp;
        if (a > LARGE) {
            temp = StrictMath.log(a) + LN2;
        } else if (a > 2) {
            temp = StrictMath.log(2 * a + 1 / (Math.sqrt(a * a + 1) + a));
        } else if (a < NEAR_ZERO) {
            temp = a;
        } else {
            temp = StrictMath.log1p(a + a * a / (1 + Math.sqrt(1 + a * a)));
        }
        return sign ? -temp : temp;
    }

    static double atanh(double x) {
        if (x < -1 || x > 1 || Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x == 1) {
            return Double.POSITIVE_INFINITY;
        }
        if (x == -1) {
            return Double.NEGATIVE_INFINITY;
        }
        boolean sign = x < 0;
        double a = Math.abs(x);
        double temp;
        if (a < NEAR_ZERO) {
            temp = a;
        } else if (a < 0.5) {
            temp = a + a;
            temp = 0.5 * StrictMath.log1p(temp + temp * a / (1 - a));
        } else {
            temp = 0.5 * StrictMath.log1p((a + a) / (1 - a));
        }
        return sign ? -temp : temp;
    }
}
