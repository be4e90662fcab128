package dev.vigil.notify;

import java.util.Map;

/**
 * What a message says about an incident, independent of where it goes: notifiers render it
 * (Slack blocks, a log line). {@code event} is opened, escalated, acknowledged or resolved.
 */
public record IncidentNotice(long incidentId, String event, String title, String status, String severity,
                             String team, Map<String, String> labels, String runbookUrl, String text)
        implements Notice {
    public IncidentNotice {
        labels = Map.copyOf(labels);
        runbookUrl = runbookUrl == null ? "" : runbookUrl;
    }
}
