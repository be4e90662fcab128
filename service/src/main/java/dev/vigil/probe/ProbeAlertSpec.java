package dev.vigil.probe;

import java.time.Duration;

/** The {@code alert:} shortcut of a probe: raise {@code ProbeFailed} once it has failed for {@code forDuration}. */
public record ProbeAlertSpec(Duration forDuration, String severity, String runbook) {
    public ProbeAlertSpec {
        severity = severity == null || severity.isEmpty() ? "page" : severity;
        runbook = runbook == null ? "" : runbook;
    }
}
