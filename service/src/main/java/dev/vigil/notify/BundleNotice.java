package dev.vigil.notify;

import java.util.List;

/**
 * Several waiting messages to one destination sent as one: when a storm queues more for a channel or person than
 * Slack lets it take (about one message a second), what waits goes out as a single list of each incident's id and
 * title, as GoAlert bundles alerts per person. Built at send time, never stored.
 */
public record BundleNotice(List<Notice> notices) implements Notice {
    public BundleNotice {
        notices = List.copyOf(notices);
        if (notices.size() < 2) {
            throw new IllegalArgumentException("notices: " + notices.size() + " (expected: at least 2)");
        }
    }

    @Override
    public String event() {
        return "bundle";
    }

    @Override
    public String title() {
        long incidents = notices.stream().map(BundleNotice::incident).filter(java.util.Objects::nonNull)
                .map(IncidentNotice::incidentId).distinct().count();
        return notices.size() + " updates" + (incidents > 0 ? " about " + incidents + " incident" + (incidents == 1 ? "" : "s") : "");
    }

    /** One line per bundled message: {@code #12 [page] title — opened}. */
    public List<String> lines() {
        return notices.stream().map(BundleNotice::line).toList();
    }

    private static IncidentNotice incident(Notice n) {
        return n instanceof IncidentNotice i ? i : n instanceof IncidentUpdate u ? u.state() : null;
    }

    private static String line(Notice n) {
        IncidentNotice i = incident(n);
        if (i != null) {
            return "#" + i.incidentId() + " [" + i.severity() + "] " + i.title() + " — " + i.event() + " (" + i.status() + ")";
        }
        return n.title() + " — " + n.event();
    }
}
