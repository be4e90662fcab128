package dev.vigil.incident;

import dev.vigil.notify.OutboxDrainer;
import dev.vigil.time.PromDuration;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The draft of a post-incident report (SPEC §4 {@code GET /api/v1/incidents/{id}/report}), in Markdown, from what
 * the incident's record holds: summary, impact, alerts, responders, the timeline with times and actors (less the
 * deliveries of messages edited in place, which only repeat a change already on it), time to acknowledge and to
 * resolve, the runbook. What only people know (what users saw, causes, follow-ups) is left as
 * headed placeholders for them to write. Every text that came from outside (titles, labels, notes) is escaped, so
 * it cannot add headings, links or HTML to the document.
 */
public final class PostIncidentReport {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final String TO_WRITE = "_To be written by the responders._";

    private final Incident incident;
    private final List<IncidentAlert> alerts;
    private final List<TimelineEvent> timeline;
    private final Map<String, Instant> messaged;
    private final Function<String, Optional<String>> names;

    /**
     * @param messaged the people messaged about the incident, earliest first, with the first time
     *                 ({@link IncidentStore#messagedPeople})
     * @param names    a user id's full name from rules/, when it has one
     */
    public PostIncidentReport(Incident incident, List<IncidentAlert> alerts, List<TimelineEvent> timeline,
                              Map<String, Instant> messaged, Function<String, Optional<String>> names) {
        this.incident = incident;
        this.alerts = List.copyOf(alerts);
        this.timeline = List.copyOf(timeline);
        this.messaged = new LinkedHashMap<>(messaged);
        this.names = names;
    }

    /** The report as it stands at {@code now}: an incident still open is said to be so. */
    public String markdown(Instant now) {
        StringBuilder md = new StringBuilder();
        md.append("# Incident ").append(incident.id()).append(": ").append(text(incident.title())).append("\n\n");
        md.append("Draft post-incident report, written by Vigil at ").append(TIME.format(now))
                .append(" from the incident's record. Edit it before you share it.\n\n");
        summary(md, now);
        impact(md, now);
        alertList(md, now);
        responders(md);
        timeline(md);
        for (String heading : List.of("What happened and why", "What went well, what did not", "Follow-ups")) {
            md.append("## ").append(heading).append("\n\n").append(TO_WRITE).append("\n\n");
        }
        return md.toString();
    }

    private void summary(StringBuilder md, Instant now) {
        md.append("## Summary\n\n");
        md.append("- **Status:** ").append(incident.status().apiName()).append('\n');
        md.append("- **Severity:** ").append(text(incident.severity())).append('\n');
        md.append("- **Team:** ").append(text(incident.team())).append('\n');
        md.append("- **Opened:** ").append(TIME.format(incident.openedAt())).append('\n');
        md.append("- **Acknowledged:** ").append(since(incident.acknowledgedAt(), "not acknowledged")).append('\n');
        md.append("- **Resolved:** ").append(since(incident.resolvedAt(), "open at " + TIME.format(now) + ", "
                + human(Duration.between(incident.openedAt(), now)) + " after it opened")).append('\n');
        md.append("- **Time to acknowledge:** ").append(incident.acknowledgedAt()
                .map(t -> human(Duration.between(incident.openedAt(), t))).orElse("—")).append('\n');
        md.append("- **Time to resolve:** ").append(incident.resolvedAt()
                .map(t -> human(Duration.between(incident.openedAt(), t))).orElse("—")).append('\n');
        md.append("- **Runbook:** ").append(link(incident.runbookUrl())).append("\n\n");
    }

    private String since(Optional<Instant> at, String otherwise) {
        return at.map(t -> TIME.format(t) + ", " + human(Duration.between(incident.openedAt(), t))
                + " after it opened").orElse(otherwise);
    }

    private void impact(StringBuilder md, Instant now) {
        md.append("## Impact\n\n");
        if (alerts.isEmpty()) {
            md.append("No alert is recorded on this incident (it was opened by hand).\n\n");
        } else {
            Instant first = alerts.stream().map(IncidentAlert::startsAt).min(Instant::compareTo).orElseThrow();
            Instant last = alerts.stream().map(a -> end(a, now)).max(Instant::compareTo).orElseThrow();
            long firing = alerts.stream().filter(IncidentAlert::firing).count();
            md.append(alerts.size()).append(alerts.size() == 1 ? " alert" : " alerts").append(" fired from ")
                    .append(TIME.format(first)).append(" to ").append(TIME.format(last)).append(" (")
                    .append(human(Duration.between(first, last))).append(")");
            if (firing > 0) {
                md.append("; ").append(firing).append(stillFiring());
            }
            md.append(".\n\n");
        }
        md.append("What users saw, and for how long: ").append(TO_WRITE).append("\n\n");
    }

    private void alertList(StringBuilder md, Instant now) {
        md.append("## Alerts\n\n");
        if (alerts.isEmpty()) {
            md.append("None.\n\n");
            return;
        }
        for (IncidentAlert a : alerts) {
            Instant end = end(a, now);
            md.append("- ").append(code(a.labels().toString())).append(": firing from ").append(TIME.format(a.startsAt()))
                    .append(a.firing() ? "," + stillFiring() : " to " + TIME.format(end))
                    .append(" (").append(human(Duration.between(a.startsAt(), end))).append(')');
            Optional.ofNullable(a.annotations().get("summary")).filter(s -> !s.isBlank())
                    .ifPresent(s -> md.append(": ").append(text(s)));
            md.append('\n');
        }
        md.append('\n');
    }

    /**
     * Where an alert's part of the impact ends: when it resolved, or for one still firing, when the incident was
     * resolved (a person may resolve an incident whose alert still fires) or now.
     */
    private Instant end(IncidentAlert a, Instant now) {
        return a.firing() ? incident.resolvedAt().orElse(now) : a.endsAt().orElse(a.startsAt());
    }

    private String stillFiring() {
        return incident.resolvedAt().map(t -> " still firing when the incident was resolved").orElse(" still firing");
    }

    /** Everyone messaged about the incident or who acted on it, each with what they did and when. */
    private void responders(StringBuilder md) {
        Map<String, List<String>> did = new LinkedHashMap<>();
        messaged.forEach((who, first) -> did.computeIfAbsent(who, k -> new ArrayList<>())
                .add("messaged from " + TIME.format(first)));
        for (TimelineEvent e : timeline) {
            e.actor().ifPresent(a -> did.computeIfAbsent(a, k -> new ArrayList<>())
                    .add(verb(e.kind()) + " at " + TIME.format(e.at())));
        }
        md.append("## Responders\n\n");
        if (did.isEmpty()) {
            md.append("Nobody was messaged and nobody acted.\n\n");
            return;
        }
        did.forEach((who, what) -> md.append("- ").append(text(who))
                .append(names.apply(who).map(n -> " (" + text(n) + ")").orElse("")).append(": ")
                .append(String.join("; ", what)).append('\n'));
        md.append('\n');
    }

    /** Every event, less the deliveries of messages edited in place: the change each shows is on it already. */
    private void timeline(StringBuilder md) {
        md.append("## Timeline\n\n");
        for (TimelineEvent e : timeline) {
            if (e.kind().equals("notified") && OutboxDrainer.deliveredEdit(e.text())) {
                continue;
            }
            md.append("- ").append(TIME.format(e.at())).append(" · **").append(text(e.kind())).append("**")
                    .append(e.actor().map(a -> " by " + text(a)).orElse("")).append(": ").append(text(e.text()))
                    .append('\n');
        }
        md.append('\n');
    }

    private static String verb(String kind) {
        return switch (kind) {
            case "note" -> "added a note";
            case "escalate" -> "escalated";
            case "responder" -> "added a responder";
            default -> kind;
        };
    }

    /** Durations to the second, as a person reads them: 45s, 12m30s, 2h5m. */
    static String human(Duration d) {
        return PromDuration.format(Duration.ofSeconds(Math.max(0, d.toSeconds())));
    }

    /** A link only for http(s); anything else (a {@code javascript:} URL in an annotation) shows as code. */
    static String link(String url) {
        if (url == null || url.isBlank()) {
            return "none";
        }
        return url.matches("(?i)https?://[^\\s<>]+") ? "<" + url + ">" : code(url);
    }

    /** Text from outside, escaped: on one line, and no Markdown or HTML of its own. */
    static String text(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.replaceAll("\\R", " ").toCharArray()) {
            if ("\\`*_[]<>|~&#".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** Inline code that holds {@code s} whatever backticks it has (CommonMark: a longer fence, padded). */
    static String code(String s) {
        String one = s.replaceAll("\\R", " ");
        int longest = 0;
        for (int run = 0, i = 0; i < one.length(); i++) {
            run = one.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(longest + 1);
        String pad = one.startsWith("`") || one.endsWith("`") ? " " : "";
        return fence + pad + one + pad + fence;
    }
}
