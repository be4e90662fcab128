package dev.vigil.incident;

import java.util.Locale;

/** An incident is triggered until someone acknowledges it, and resolved at the end. */
public enum IncidentStatus {
    TRIGGERED, ACKNOWLEDGED, RESOLVED;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean open() {
        return this != RESOLVED;
    }
}
