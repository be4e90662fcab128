package dev.vigil.release;

import java.util.Locale;
import java.util.Optional;

/** What a step reports about itself (SPEC §4: running, succeeded, failed). */
public enum StepStatus {
    RUNNING, SUCCEEDED, FAILED;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<StepStatus> parse(String s) {
        for (StepStatus v : values()) {
            if (v.apiName().equals(s)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
