package dev.vigil.probe;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** What one request observed: status, time taken, body, certificate expiry, or the error that stopped it. */
public record ProbeOutcome(int status, Duration responseTime, String body, Optional<Instant> certificateExpiry,
                           Optional<String> error) {

    public static ProbeOutcome failed(String error, Duration took) {
        return new ProbeOutcome(0, took, "", Optional.empty(), Optional.of(error));
    }
}
