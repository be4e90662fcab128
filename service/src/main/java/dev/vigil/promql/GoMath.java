package dev.vigil.promql;

/**
 * Go's math functions as promtool 2.42 (Go 1.19 on amd64) computes them, where Java's results differ in the last
 * bit: {@code Exp} and {@code Log} as Go's amd64 assembly computes them (Exp on its FMA path, which every x86-64
 * CPU with AVX and FMA takes), the trigonometric and hyperbolic functions from Cephes as Go's sources have them.
 * Arguments of {@code sin}, {@code cos} and {@code tan} of 2^29 and more, for which Go uses Payne-Hanek reduction,
 * are left to Java's {@code StrictMath} (docs/rules.md).
 */
final class GoMath {
    private static final double LN2 = 0.6931471805599453;
    private static final double LOG2E = 1.4426950408889634;
    private static final double LOG10E = 0.4342944819032518;
    private static final double NEAR_ZERO = 1.0 / (1 << 28);
    private static final double LARGE = 1 << 28;

    private GoMath() {
    }

    private static final double LN2U = 0.69314718055966295651160180568695068359375;
    private static final double LN2L = 0.28235290563031577122588448175013436025525412068e-12;
    private static final double EXP_OVERFLOW = 7.09782712893384e+02;
    /** Taylor coefficients of Go's amd64 Exp, from 1/7! down to 1/2!, then 1/2 and 1. */
    private static final double[] EXP_TAYLOR = {2.4801587301587301587e-5, 1.9841269841269841270e-4,
        1.3888888888888888889e-3, 8.3333333333333333333e-3, 4.1666666666666666667e-2, 1.6666666666666666667e-1,
        0.5, 1.0};

    /** Go's amd64 {@code math.Exp} (Shibata's method, its FMA path): e^(x/16) by Taylor, squared up four times. */
    static double exp(double x) {
        if (Double.isNaN(x) || x == Double.POSITIVE_INFINITY) {
            return x;
        }
        if (x == Double.NEGATIVE_INFINITY) {
            return 0;
        }
        if (x > EXP_OVERFLOW) {
            return Double.POSITIVE_INFINITY;
        }
        int k = (int) Math.rint(LOG2E * x); // CVTSD2SL: nearest, ties to even; out of range is Integer.MIN_VALUE
        double kd = k;
        double r = Math.fma(-kd, LN2U, x);
        r = Math.fma(-kd, LN2L, r);
        r *= 0.0625;
        double p = EXP_TAYLOR[0];
        for (int i = 1; i < EXP_TAYLOR.length; i++) {
            p = Math.fma(p, r, EXP_TAYLOR[i]);
        }
        r *= p;
        for (int i = 0; i < 3; i++) {
            r *= r + 2.0;
        }
        r = Math.fma(r, r + 2.0, 1.0);
        long biased = (long) k + 0x3FF;
        if (biased <= 0) {
            return 0;
        }
        if (biased >= 0x7FF) {
            return Double.POSITIVE_INFINITY;
        }
        return r * Double.longBitsToDouble(biased << 52);
    }

    private static final double LN2_HI = 6.93147180369123816490e-01;
    private static final double LN2_LO = 1.90821492927058770002e-10;
    private static final double HALF_SQRT2 = 7.07106781186547524401e-01;
    private static final double L1 = 6.666666666666735130e-01;
    private static final double L2 = 3.999999999940941908e-01;
    private static final double L3 = 2.857142874366239149e-01;
    private static final double L4 = 2.222219843214978396e-01;
    private static final double L5 = 1.818357216161805012e-01;
    private static final double L6 = 1.531383769920937332e-01;
    private static final double L7 = 1.479819860511658591e-01;

    /**
     * Go's amd64 {@code math.Log} (FreeBSD's e_log.c, simplified), step for step as its assembly: the mantissa and
     * exponent are taken from the bits (a subnormal is not normalised first), halved when at most sqrt(2)/2.
     */
    static double log(double x) {
        long bits = Double.doubleToRawLongBits(x);
        if ((bits & ~Long.MIN_VALUE) == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (bits < 0) {
            return Double.NaN;
        }
        if (bits >= 0x7FF0000000000000L) {
            return x; // +Inf or NaN
        }
        double f1 = Double.longBitsToDouble((bits & 0x000FFFFFFFFFFFFFL) | 0x3FE0000000000000L);
        double k = (double) (((bits >>> 52) & 0x7FF) - 0x3FE);
        if (!(HALF_SQRT2 < f1)) {
            k -= 1;
            f1 *= 2;
        }
        double f = f1 - 1;
        double s = f / (2 + f);
        double s2 = s * s;
        double s4 = s2 * s2;
        double t1 = s2 * (L1 + s4 * (L3 + s4 * (L5 + s4 * L7)));
        double t2 = s4 * (L2 + s4 * (L4 + s4 * L6));
        double r = t1 + t2;
        double hfsq = 0.5 * f * f;
        return k * LN2_HI - ((hfsq - (s * (hfsq + r) + k * LN2_LO)) - f);
    }

    static double log10(double x) {
        return log(x) * LOG10E;
    }

    private static final double PI4A = 7.85398125648498535156e-1;
    private static final double PI4B = 3.77489470793079817668e-8;
    private static final double PI4C = 2.69515142907905952645e-15;
    private static final double REDUCE_THRESHOLD = 1 << 29;
    private static final double[] SIN = {1.58962301576546568060e-10, -2.50507477628578072866e-8,
        2.75573136213857245213e-6, -1.98412698295895385996e-4, 8.33333333332211858878e-3, -1.66666666666666307295e-1};
    private static final double[] COS = {-1.13585365213876817300e-11, 2.08757008419747316778e-9,
        -2.75573141792967388112e-7, 2.48015872888517045348e-5, -1.38888888888730564116e-3, 4.16666666666665929218e-2};

    private static double sinPoly(double z, double zz) {
        return z + z * zz * ((((((SIN[0] * zz) + SIN[1]) * zz + SIN[2]) * zz + SIN[3]) * zz + SIN[4]) * zz + SIN[5]);
    }

    private static double cosPoly(double zz) {
        return 1.0 - 0.5 * zz
                + zz * zz * ((((((COS[0] * zz) + COS[1]) * zz + COS[2]) * zz + COS[3]) * zz + COS[4]) * zz + COS[5]);
    }

    /** The octant of a positive x below 2^29, with zeros mapped to the origin, and the reduced argument. */
    private static double[] reduce(double x) {
        long j = (long) (x * (4 / Math.PI));
        double y = j;
        if ((j & 1) == 1) {
            j++;
            y++;
        }
        return new double[] {j, ((x - y * PI4A) - y * PI4B) - y * PI4C};
    }

    static double sin(double x) {
        if (x == 0 || Double.isNaN(x)) {
            return x;
        }
        if (Double.isInfinite(x)) {
            return Double.NaN;
        }
        boolean sign = x < 0;
        double a = Math.abs(x);
        if (a >= REDUCE_THRESHOLD) {
            return StrictMath.sin(x);
        }
        double[] r = reduce(a);
        long j = ((long) r[0]) & 7;
        double z = r[1];
        if (j > 3) {
            sign = !sign;
            j -= 4;
        }
        double zz = z * z;
        double y = j == 1 || j == 2 ? cosPoly(zz) : sinPoly(z, zz);
        return sign ? -y : y;
    }

    static double cos(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return Double.NaN;
        }
        double a = Math.abs(x);
        if (a >= REDUCE_THRESHOLD) {
            return StrictMath.cos(x);
        }
        boolean sign = false;
        double[] r = reduce(a);
        long j = ((long) r[0]) & 7;
        double z = r[1];
        if (j > 3) {
            j -= 4;
            sign = !sign;
        }
        if (j > 1) {
            sign = !sign;
        }
        double zz = z * z;
        double y = j == 1 || j == 2 ? sinPoly(z, zz) : cosPoly(zz);
        return sign ? -y : y;
    }

    private static final double[] TAN_P = {-1.30936939181383777646e4, 1.15351664838587416140e6,
        -1.79565251976484877988e7};
    private static final double[] TAN_Q = {1.00000000000000000000e0, 1.36812963470692954678e4,
        -1.32089234440210967447e6, 2.50083801823357915839e7, -5.38695755929454629881e7};

    static double tan(double x) {
        if (x == 0 || Double.isNaN(x)) {
            return x;
        }
        if (Double.isInfinite(x)) {
            return Double.NaN;
        }
        boolean sign = x < 0;
        double a = Math.abs(x);
        if (a >= REDUCE_THRESHOLD) {
            return StrictMath.tan(x);
        }
        double[] r = reduce(a);
        long j = (long) r[0];
        double z = r[1];
        double zz = z * z;
        double y;
        if (zz > 1e-14) {
            y = z + z * (zz * (((TAN_P[0] * zz) + TAN_P[1]) * zz + TAN_P[2])
                    / ((((zz + TAN_Q[1]) * zz + TAN_Q[2]) * zz + TAN_Q[3]) * zz + TAN_Q[4]));
        } else {
            y = z;
        }
        if ((j & 2) == 2) {
            y = -1 / y;
        }
        return sign ? -y : y;
    }

    /** Cephes' atan series on [0, 0.66]. */
    private static double xatan(double x) {
        double z = x * x;
        z = z * ((((-8.750608600031904122785e-01 * z + -1.615753718733365076637e+01) * z
                + -7.500855792314704667340e+01) * z + -1.228866684490136173410e+02) * z + -6.485021904942025371773e+01)
                / (((((z + 2.485846490142306297962e+01) * z + 1.650270098316988542046e+02) * z
                + 4.328810604912902668951e+02) * z + 4.853903996359136964868e+02) * z + 1.945506571482613964425e+02);
        return x * z + x;
    }

    /** atan of a positive x, reduced to [0, 0.66]. */
    private static double satan(double x) {
        final double morebits = 6.123233995736765886130e-17;
        final double tan3pio8 = 2.41421356237309504880;
        if (x <= 0.66) {
            return xatan(x);
        }
        if (x > tan3pio8) {
            return Math.PI / 2 - xatan(1 / x) + morebits;
        }
        return Math.PI / 4 + xatan((x - 1) / (x + 1)) + 0.5 * morebits;
    }

    static double atan(double x) {
        if (x == 0) {
            return x;
        }
        return x > 0 ? satan(x) : -satan(-x);
    }

    static double asin(double x) {
        if (x == 0) {
            return x;
        }
        boolean sign = x < 0;
        double a = Math.abs(x);
        if (a > 1) {
            return Double.NaN;
        }
        double temp = Math.sqrt(1 - a * a);
        temp = a > 0.7 ? Math.PI / 2 - satan(temp / a) : satan(a / temp);
        return sign ? -temp : temp;
    }

    static double acos(double x) {
        return Math.PI / 2 - asin(x);
    }

    static double atan2(double y, double x) {
        if (Double.isNaN(y) || Double.isNaN(x)) {
            return Double.NaN;
        }
        if (y == 0) {
            return x >= 0 && Math.copySign(1.0, x) > 0 ? Math.copySign(0, y) : Math.copySign(Math.PI, y);
        }
        if (x == 0) {
            return Math.copySign(Math.PI / 2, y);
        }
        if (Double.isInfinite(x)) {
            if (x > 0) {
                return Double.isInfinite(y) ? Math.copySign(Math.PI / 4, y) : Math.copySign(0, y);
            }
            return Double.isInfinite(y) ? Math.copySign(3 * Math.PI / 4, y) : Math.copySign(Math.PI, y);
        }
        if (Double.isInfinite(y)) {
            return Math.copySign(Math.PI / 2, y);
        }
        double q = atan(y / x);
        if (x < 0) {
            return q <= 0 ? q + Math.PI : q - Math.PI;
        }
        return q;
    }

    static double sinh(double x) {
        boolean sign = x < 0;
        double a = Math.abs(x);
        double temp;
        if (a > 21) {
            temp = exp(a) * 0.5;
        } else if (a > 0.5) {
            double ex = exp(a);
            temp = (ex - 1 / ex) * 0.5;
        } else {
            double sq = a * a;
            temp = (((-0.2630563213397497062819489e+2 * sq + -0.2894211355989563807284660366e+4) * sq
                    + -0.8991272022039509355398013511e+5) * sq + -0.6307673640497716991184787251e+6) * a;
            temp = temp / (((sq + -0.173678953558233699533450911e+3) * sq + 0.1521517378790019070696485176e+5) * sq
                    + -0.6307673640497716991212077277e+6);
        }
        return sign ? -temp : temp;
    }

    static double cosh(double x) {
        double a = Math.abs(x);
        if (a > 21) {
            return exp(a) * 0.5;
        }
        double ex = exp(a);
        return (ex + 1 / ex) * 0.5;
    }

    static double tanh(double x) {
        final double maxlog = 8.8029691931113054295988e+01;
        double z = Math.abs(x);
        if (z > 0.5 * maxlog) {
            return x < 0 ? -1 : 1;
        }
        if (z >= 0.625) {
            double s = exp(2 * z);
            z = 1 - 2 / (s + 1);
            return x < 0 ? -z : z;
        }
        if (x == 0) {
            return x;
        }
        double s = x * x;
        return x + x * s * ((-9.64399179425052238628E-1 * s + -9.92877231001918586564E1) * s
                + -1.61468768441708447952E3) / (((s + 1.12811678491632931402E2) * s + 2.23548839060100448583E3) * s
                + 4.84406305325125486048E3);
    }

    static double log2(double x) {
        if (x == 0 || Double.isNaN(x) || Double.isInfinite(x)) {
            return log(x) * LOG2E;
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
        return log(frac) * LOG2E + exp;
    }

    static double acosh(double x) {
        if (x < 1 || Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x == 1) {
            return 0;
        }
        if (x >= LARGE) {
            return log(x) + LN2;
        }
        if (x > 2) {
            return log(2 * x - 1 / (x + Math.sqrt(x * x - 1)));
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
            temp = log(a) + LN2;
        } else if (a > 2) {
            temp = log(2 * a + 1 / (Math.sqrt(a * a + 1) + a));
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

    /** Go 1.19's {@code math.Pow}: special cases, then x^frac by Exp and Log, x^int by repeated squaring. */
    static double pow(double x, double y) {
        if (y == 0 || x == 1) {
            return 1;
        }
        if (y == 1) {
            return x;
        }
        if (Double.isNaN(x) || Double.isNaN(y)) {
            return Double.NaN;
        }
        if (x == 0) {
            boolean negativeZero = Double.doubleToRawLongBits(x) < 0;
            if (y < 0) {
                return negativeZero && isOddInt(y) ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            return negativeZero && isOddInt(y) ? x : 0;
        }
        if (Double.isInfinite(y)) {
            if (x == -1) {
                return 1;
            }
            return (Math.abs(x) < 1) == (y > 0) ? 0 : Double.POSITIVE_INFINITY;
        }
        if (Double.isInfinite(x)) {
            if (x < 0) {
                return pow(1 / x, -y);
            }
            return y < 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        if (y == 0.5) {
            return Math.sqrt(x);
        }
        if (y == -0.5) {
            return 1 / Math.sqrt(x);
        }
        double ay = Math.abs(y);
        double yi = Math.floor(ay);
        double yf = ay - yi;
        if (yf != 0 && x < 0) {
            return Double.NaN;
        }
        if (yi >= 0x1p63) {
            if (x == -1) {
                return 1;
            }
            return (Math.abs(x) < 1) == (y > 0) ? 0 : Double.POSITIVE_INFINITY;
        }
        double a1 = 1.0;
        long ae = 0;
        if (yf != 0) {
            if (yf > 0.5) {
                yf--;
                yi++;
            }
            a1 = exp(yf * log(x));
        }
        double[] fr = frexp(x);
        double x1 = fr[0];
        long xe = (long) fr[1];
        for (long i = (long) yi; i != 0; i >>= 1) {
            if (xe < -(1 << 12) || (1 << 12) < xe) {
                ae += xe;
                break;
            }
            if ((i & 1) == 1) {
                a1 *= x1;
                ae += xe;
            }
            x1 *= x1;
            xe <<= 1;
            if (x1 < .5) {
                x1 += x1;
                xe--;
            }
        }
        if (y < 0) {
            a1 = 1 / a1;
            ae = -ae;
        }
        return ldexp(a1, ae);
    }

    private static boolean isOddInt(double x) {
        if (Math.abs(x) >= 0x1p53) {
            return false;
        }
        double xi = x < 0 ? Math.ceil(x) : Math.floor(x);
        return x - xi == 0 && (((long) xi) & 1) == 1;
    }

    /** Go's {@code math.Frexp}: a fraction in [0.5, 1) and a power of two; subnormals normalised first. */
    static double[] frexp(double f) {
        if (f == 0 || Double.isInfinite(f) || Double.isNaN(f)) {
            return new double[] {f, 0};
        }
        long exp = 0;
        if (Math.abs(f) < Double.MIN_NORMAL) {
            f *= 0x1p52;
            exp = -52;
        }
        long bits = Double.doubleToRawLongBits(f);
        exp += ((bits >>> 52) & 0x7FF) - 1022;
        bits &= ~(0x7FFL << 52);
        bits |= 1022L << 52;
        return new double[] {Double.longBitsToDouble(bits), exp};
    }

    /** Go's {@code math.Ldexp}: frac × 2^exp, rounding a subnormal result as Go does. */
    static double ldexp(double frac, long exp) {
        if (frac == 0 || Double.isInfinite(frac) || Double.isNaN(frac)) {
            return frac;
        }
        double[] n = frexp(frac);
        // frexp gives [0.5, 1); Go's normalize then reads the biased exponent of that value (-1).
        double f = n[0];
        exp += (long) n[1];
        long bits = Double.doubleToRawLongBits(f);
        exp += ((bits >>> 52) & 0x7FF) - 1023;
        if (exp < -1075) {
            return Math.copySign(0, f);
        }
        if (exp > 1023) {
            return f < 0 ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        double m = 1;
        if (exp < -1022) {
            exp += 53;
            m = 1.0 / (1L << 53);
        }
        bits &= ~(0x7FFL << 52);
        bits |= (exp + 1023) << 52;
        return m * Double.longBitsToDouble(bits);
    }
}
