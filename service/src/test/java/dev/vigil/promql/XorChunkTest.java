package dev.vigil.promql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Compressed chunks give back exactly what went in: every timestamp and every bit of every value. */
class XorChunkTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void roundTripsExactly(int seed) {
        Random r = new Random(seed);
        int n = 1 + r.nextInt(200);
        long[] ts = new long[n];
        double[] vs = new double[n];
        long t = r.nextInt(1_000_000) - 500_000L;
        double v = 0;
        for (int i = 0; i < n; i++) {
            t += switch (r.nextInt(5)) {
                case 0 -> 15_000;
                case 1 -> 15_000 + r.nextInt(50) - 25;
                case 2 -> 1 + r.nextInt(100_000);
                case 3 -> 1 + (long) r.nextInt(Integer.MAX_VALUE) * 1000;
                default -> 60_000 + r.nextInt(3);
            };
            ts[i] = t;
            v = switch (r.nextInt(9)) {
                case 0 -> v;
                case 1 -> v + r.nextInt(100);
                case 2 -> r.nextDouble();
                case 3 -> Double.NaN;
                case 4 -> Staleness.STALE_NAN;
                case 5 -> r.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
                case 6 -> -0.0;
                case 7 -> Double.longBitsToDouble(r.nextLong());
                default -> Math.floor(v * 1.5 + 3);
            };
            vs[i] = v;
        }
        XorChunk c = XorChunk.encode(ts, vs, n);
        long[] gotT = new long[n];
        double[] gotV = new double[n];
        c.decode(gotT, gotV);
        assertThat(gotT).containsExactly(ts);
        for (int i = 0; i < n; i++) {
            assertThat(Double.doubleToRawLongBits(gotV[i])).as("value %d", i).isEqualTo(Double.doubleToRawLongBits(vs[i]));
        }
        assertThat(c.minT).isEqualTo(ts[0]);
        assertThat(c.maxT).isEqualTo(ts[n - 1]);
    }

    @ParameterizedTest(name = "{0} samples")
    @ValueSource(ints = {120})
    void aSteadyCounterTakesFewBytesPerSample(int n) {
        long[] ts = new long[n];
        double[] vs = new double[n];
        for (int i = 0; i < n; i++) {
            ts[i] = 1_700_000_000_000L + i * 15_000L;
            vs[i] = 1000 + i * 7;
        }
        assertThat(XorChunk.encode(ts, vs, n).bytes() / (double) n).isLessThan(3);
    }
}
