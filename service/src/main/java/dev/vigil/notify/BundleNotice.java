package dev.vigil.notify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /**
     * One line per subject (an incident, a run's step, a run's board), in the order each first came, showing its latest
     * state and, when several messages about it waited, the first and last of what happened:
     * {@code #12 [page] title — opened · escalated (triggered)}.
     */
    public List<String> lines() {
        return bySubject(notices).values().stream().map(BundleNotice::line).toList();
    }

    /** How many lines {@link #lines()} shows for these notices: one per subject. */
    public static int lineCount(List<Notice> notices) {
        return bySubject(notices).size();
    }

    private static Map<String, List<Notice>> bySubject(List<Notice> notices) {
        Map<String, List<Notice>> out = new LinkedHashMap<>();
        for (int n = 0; n < notices.size(); n++) {
            String subject = subject(notices.get(n));
            out.computeIfAbsent(subject == null ? "message " + n : subject, k -> new ArrayList<>()).add(notices.get(n));
        }
        return out;
    }

    /** What a notice is about, or null for one with a line of its own: messages about one subject share a line. */
    private static String subject(Notice n) {
        IncidentNotice i = incident(n);
        if (i != null) {
            return "incident " + i.incidentId();
        }
        if (n instanceof StepNotice s) {
            return "step " + s.runId() + "/" + s.step();
        }
        if (n instanceof BoardNotice b) {
            return "board " + b.runId();
        }
        return null;
    }

    private static IncidentNotice incident(Notice n) {
        return n instanceof IncidentNotice i ? i : n instanceof IncidentUpdate u ? u.state() : null;
    }

    private static String line(List<Notice> about) {
        Notice first = about.get(0);
        Notice last = about.get(about.size() - 1);
        String events = first.event() + (about.size() == 1 || last.event().equals(first.event()) ? ""
                : " · " + last.event());
        IncidentNotice i = incident(last);
        if (i != null) {
            return "#" + i.incidentId() + " [" + i.severity() + "] " + i.title() + " — " + events + " (" + i.status() + ")";
        }
        return last.title() + " — " + events;
    }
}
