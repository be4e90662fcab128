package dev.vigil.probe;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one probe run observed: a value per placeholder, how long it took, the earliest certificate expiry if any,
 * the error that stopped it (if one did), a note (why TLS did not verify), and the type's own series
 * ({@code probe_http_status_code}, {@code probe_dns_lookup_time_seconds}, {@code probe_sql_value}).
 */
public record Observation(Map<Placeholder, String> values, Duration took, Optional<Instant> certificateExpiry,
                          Optional<String> error, String note, Map<String, Double> series) {
    public Observation {
        values = values.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new EnumMap<>(values));
        series = Map.copyOf(series);
    }

    /** A run that could not observe anything: the error, how long it took, and what is known (not connected). */
    public static Observation failed(String error, Duration took, Map<Placeholder, String> known) {
        Map<Placeholder, String> values = new LinkedHashMap<>(known);
        values.put(Placeholder.RESPONSE_TIME, String.valueOf(took.toMillis()));
        return new Observation(values, took, Optional.empty(), Optional.of(error), "", Map.of());
    }

    public Optional<String> value(Placeholder p) {
        return Optional.ofNullable(values.get(p));
    }

    /** A builder for probers: values and series in the order they are found. */
    public static final class Builder {
        private final Map<Placeholder, String> values = new LinkedHashMap<>();
        private final Map<String, Double> series = new LinkedHashMap<>();
        private Optional<Instant> expiry = Optional.empty();
        private Optional<String> error = Optional.empty();
        private String note = "";

        public Builder put(Placeholder p, Object value) {
            values.put(p, String.valueOf(value));
            return this;
        }

        public Builder series(String name, double value) {
            series.put(name, value);
            return this;
        }

        public Builder expiry(Optional<Instant> at) {
            expiry = at;
            return this;
        }

        public Builder error(String why) {
            error = Optional.of(why);
            return this;
        }

        public Builder note(String n) {
            note = n;
            return this;
        }

        public Observation took(Duration took) {
            values.put(Placeholder.RESPONSE_TIME, String.valueOf(took.toMillis()));
            return new Observation(values, took, expiry, error, note, series);
        }
    }
}
