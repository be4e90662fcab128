package dev.vigil.notify;

/** What a message says, independent of where it goes: notifiers render it (Slack blocks, a log line). */
public sealed interface Notice permits IncidentNotice, IncidentUpdate, TeamNotice, StepNotice, BoardNotice,
        BundleNotice {
    /** What happened: opened, escalated, acknowledged, resolved, handoff. */
    String event();

    String title();
}
