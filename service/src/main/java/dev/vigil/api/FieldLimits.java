package dev.vigil.api;

import jakarta.ws.rs.BadRequestException;

/**
 * The longest value each kind of request field may hold, as the database columns allow: a longer one is a 400
 * that names the field and its limit (never the value: it may be megabytes) and changes nothing.
 */
final class FieldLimits {
    /** Names and versions: pipelines, teams, users, release versions. */
    static final int NAME = 200;
    /** Free text and links: step messages, URLs, notes. */
    static final int TEXT = 2000;

    private FieldLimits() {
    }

    static void check(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new BadRequestException(field + ": " + value.length() + " characters (expected: at most " + max + ")");
        }
    }
}
