package dev.vigil.api;

import jakarta.ws.rs.BadRequestException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Query parameters read by hand, so a malformed one is a 400 that names it (Jersey answers 404 for a number
 * parameter it cannot parse, as if the resource did not exist).
 */
final class QueryParams {
    private QueryParams() {
    }

    /** A whole number from {@code min} to {@code max}; {@code absent} when the parameter is not given. */
    static long number(String name, String value, long absent, long min, long max) {
        if (value == null || value.isEmpty()) {
            return absent;
        }
        long n;
        try {
            n = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new BadRequestException(name + ": \"" + shorten(value) + "\" is not a whole number");
        }
        if (n < min || n > max) {
            throw new BadRequestException(name + ": " + n + " (expected: " + min + " to " + max + ")");
        }
        return n;
    }

    /** The earliest and latest instants a request may name: beyond them, time arithmetic overflows. */
    static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /** An RFC 3339 instant such as {@code 2026-11-22T02:00:00Z}, from 1970 to 9999. */
    static Instant instant(String name, String text) {
        Instant t;
        try {
            t = OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadRequestException(name + ": \"" + shorten(text) + "\" is not an instant (expected: e.g. "
                    + "2026-11-22T02:00:00Z)");
        }
        if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
            throw new BadRequestException(name + ": \"" + shorten(text) + "\" is out of range (expected: from "
                    + EARLIEST + " to " + LATEST + ")");
        }
        return t;
    }

    static String shorten(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
