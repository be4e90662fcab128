package dev.vigil.config;

/** Where a value stands: a file (as the user named it) and a 1-based line and column. */
public record Position(String file, int line, int col) {
}
