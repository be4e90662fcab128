package dev.vigil.promql;

import java.util.Arrays;

/**
 * A sealed run of samples, compressed as Prometheus's XOR chunks (after Facebook's Gorilla): timestamps as
 * delta-of-delta in 1 to 68 bits, values as the XOR with the previous value's bits, mostly only its
 * meaningful bits. Exact: every bit pattern (NaN payloads, staleness markers) comes back as it went in.
 */
final class XorChunk {
    private final byte[] data;
    final int count;
    final long minT;
    final long maxT;

    private XorChunk(byte[] data, int count, long minT, long maxT) {
        this.data = data;
        this.count = count;
        this.minT = minT;
        this.maxT = maxT;
    }

    static XorChunk encode(long[] ts, double[] vs, int n) {
        Bits w = new Bits(n * 3 + 24);
        long prevT = 0;
        long prevDelta = 0;
        long prevBits = 0;
        int leading = -1;
        int trailing = 0;
        for (int i = 0; i < n; i++) {
            long bits = Double.doubleToRawLongBits(vs[i]);
            if (i == 0) {
                w.write(ts[0], 64);
                w.write(bits, 64);
            } else {
                long delta = ts[i] - prevT;
                if (i == 1) {
                    w.write(delta, 64);
                } else {
                    writeDod(w, delta - prevDelta);
                }
                prevDelta = delta;
                long xor = bits ^ prevBits;
                if (xor == 0) {
                    w.write(0, 1);
                } else {
                    w.write(1, 1);
                    int lz = Math.min(Long.numberOfLeadingZeros(xor), 31);
                    int tz = Long.numberOfTrailingZeros(xor);
                    if (leading >= 0 && lz >= leading && tz >= trailing) {
                        w.write(0, 1);
                        w.write(xor >>> trailing, 64 - leading - trailing);
                    } else {
                        int sig = 64 - lz - tz;
                        w.write(1, 1);
                        w.write(lz, 5);
                        w.write(sig == 64 ? 0 : sig, 6);
                        w.write(xor >>> tz, sig);
                        leading = lz;
                        trailing = tz;
                    }
                }
            }
            prevT = ts[i];
            prevBits = bits;
        }
        return new XorChunk(w.bytes(), n, ts[0], ts[n - 1]);
    }

    private static void writeDod(Bits w, long dod) {
        if (dod == 0) {
            w.write(0, 1);
        } else if (fits(dod, 14)) {
            w.write(0b10, 2);
            w.write(dod, 14);
        } else if (fits(dod, 17)) {
            w.write(0b110, 3);
            w.write(dod, 17);
        } else if (fits(dod, 20)) {
            w.write(0b1110, 4);
            w.write(dod, 20);
        } else {
            w.write(0b1111, 4);
            w.write(dod, 64);
        }
    }

    private static boolean fits(long v, int bits) {
        return v >= -(1L << (bits - 1)) + 1 && v <= (1L << (bits - 1));
    }

    /** Decodes every sample into the arrays (which must hold {@link #count}). */
    void decode(long[] ts, double[] vs) {
        Bits r = new Bits(data);
        long t = 0;
        long delta = 0;
        long bits = 0;
        int leading = 0;
        int trailing = 0;
        for (int i = 0; i < count; i++) {
            if (i == 0) {
                t = r.read(64);
                bits = r.read(64);
            } else {
                if (i == 1) {
                    delta = r.read(64);
                } else {
                    delta += readDod(r);
                }
                t += delta;
                if (r.read(1) == 1) {
                    if (r.read(1) == 1) {
                        leading = (int) r.read(5);
                        int sig = (int) r.read(6);
                        sig = sig == 0 ? 64 : sig;
                        trailing = 64 - leading - sig;
                    }
                    long xor = r.read(64 - leading - trailing) << trailing;
                    bits ^= xor;
                }
            }
            ts[i] = t;
            vs[i] = Double.longBitsToDouble(bits);
        }
    }

    private static long readDod(Bits r) {
        if (r.read(1) == 0) {
            return 0;
        }
        if (r.read(1) == 0) {
            return signed(r.read(14), 14);
        }
        if (r.read(1) == 0) {
            return signed(r.read(17), 17);
        }
        if (r.read(1) == 0) {
            return signed(r.read(20), 20);
        }
        return r.read(64);
    }

    private static long signed(long v, int bits) {
        // Values up to 2^(bits-1) are positive, as written by fits(): decode the top of the range as positive.
        return v > (1L << (bits - 1)) ? v - (1L << bits) : v;
    }

    int bytes() {
        return data.length;
    }

    /** A growable bit buffer, written and read most significant bit first. */
    private static final class Bits {
        private static final java.lang.invoke.VarHandle BIG_ENDIAN_LONG = java.lang.invoke.MethodHandles
                .byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);
        private byte[] buf;
        private long pos;

        Bits(int capacity) {
            buf = new byte[Math.max(16, capacity)];
        }

        Bits(byte[] data) {
            buf = data;
        }

        /** The low {@code n} bits of {@code value} (0 to 64), a byte at a time. */
        void write(long value, int n) {
            int needed = (int) ((pos + n + 7) >>> 3);
            if (needed > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, needed));
            }
            int remaining = n;
            while (remaining > 0) {
                int free = 8 - (int) (pos & 7);
                int take = Math.min(free, remaining);
                int part = (int) ((value >>> (remaining - take)) & ((1 << take) - 1));
                buf[(int) (pos >>> 3)] |= (byte) (part << (free - take));
                remaining -= take;
                pos += take;
            }
        }

        /**
         * The next {@code n} bits (0 to 64) as an unsigned number: from one 8-byte load when they lie within one
         * (up to 56 bits, away from the end), else a byte at a time.
         */
        long read(int n) {
            int at = (int) (pos >>> 3);
            if (n <= 56 && n > 0 && at + 8 <= buf.length) {
                long word = (long) BIG_ENDIAN_LONG.get(buf, at);
                long v = (word << (pos & 7)) >>> (64 - n);
                pos += n;
                return v;
            }
            long v = 0;
            int remaining = n;
            while (remaining > 0) {
                int avail = 8 - (int) (pos & 7);
                int take = Math.min(avail, remaining);
                int part = ((buf[(int) (pos >>> 3)] & 0xff) >>> (avail - take)) & ((1 << take) - 1);
                v = (v << take) | part;
                remaining -= take;
                pos += take;
            }
            return v;
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, (int) ((pos + 7) >>> 3));
        }
    }
}
