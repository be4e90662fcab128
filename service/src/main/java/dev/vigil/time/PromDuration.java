package dev.vigil.time;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Prometheus duration syntax ({@code 30s}, {@code 5m}, {@code 1h30m}, {@code 2d}, {@code 1w}, {@code 1y}). */
public final class PromDuration {
    private static final Pattern WHOLE = Pattern.compile(
            "(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");
    private static final long[] UNIT_MILLIS = {
        365L * 86_400_000, 7L * 86_400_000, 86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L
    };

    /** The longest duration Prometheus has (int64 nanoseconds), in milliseconds. */
    public static final long MAX_MILLIS = Long.MAX_VALUE / 1_000_000;

    /** A duration written correctly but longer than Prometheus can hold. */
    public static final class OutOfRange extends IllegalArgumentException {
        OutOfRange(String message) {
            super(message);
        }
    }

    private PromDuration() {
    }

    /** Parses {@code text}; throws {@link IllegalArgumentException} with the expected form. */
    public static Duration parse(String text) {
        if ("0".equals(text)) {
            return Duration.ZERO;
        }
        Matcher m = WHOLE.matcher(text == null ? "" : text);
        if (text == null || text.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a duration (expected: e.g. 30s, 5m, 1h30m)");
        }
        // Prometheus keeps durations in int64 nanoseconds: about 292 years at most.
        java.math.BigInteger millis = java.math.BigInteger.ZERO;
        for (int g = 1; g <= UNIT_MILLIS.length; g++) {
            if (m.group(g) != null) {
                millis = millis.add(new java.math.BigInteger(m.group(g)).multiply(java.math.BigInteger.valueOf(UNIT_MILLIS[g - 1])));
            }
        }
        if (millis.compareTo(java.math.BigInteger.valueOf(MAX_MILLIS)) > 0) {
            throw new OutOfRange("\"" + text + "\": duration out of range (at most 292y, as in Prometheus)");
        }
        return Duration.ofMillis(millis.longValueExact());
    }

    /** Formats as Prometheus does: {@code 1h30m}, {@code 0s}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        String[] units = {"y", "w", "d", "h", "m", "s", "ms"};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < units.length; i++) {
            long n = ms / UNIT_MILLIS[i];
            if (n > 0) {
                sb.append(n).append(units[i]);
                ms -= n * UNIT_MILLIS[i];
            }
        }
        return sb.toString();
    }
}
