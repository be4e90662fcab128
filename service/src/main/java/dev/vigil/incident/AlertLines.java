package dev.vigil.incident;

import java.util.List;
import java.util.stream.Collectors;

/** How notices name an incident's alerts: one line each, the first {@link #LISTED} of them, the rest counted. */
final class AlertLines {
    /** The most alerts a notice names. */
    static final int LISTED = 20;

    private AlertLines() {
    }

    static String list(List<IncidentAlert> alerts) {
        String named = alerts.stream().limit(LISTED).map(a -> "• " + title(a)).collect(Collectors.joining("\n"));
        return alerts.size() <= LISTED ? named : named + "\n… and " + (alerts.size() - LISTED) + " more";
    }

    /** An alert's name, its other labels and its summary, cut at 200 characters. */
    static String title(IncidentAlert a) {
        String summary = a.annotations().getOrDefault("summary", "");
        String name = a.labels().has("alertname") ? a.labels().get("alertname") : "alert";
        String text = name + " " + a.labels().with("alertname", "") + (summary.isEmpty() ? "" : " — " + summary);
        return text.length() <= 200 ? text : text.substring(0, 199) + "…";
    }

    static String count(int n) {
        return n + (n == 1 ? " alert" : " alerts");
    }

    static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
