package dev.vigil.incident;

import dev.vigil.alert.Alert;
import dev.vigil.config.RuleSet;
import dev.vigil.label.Labels;
import dev.vigil.escalation.EscalationPlanner;
import dev.vigil.escalation.EscalationPolicy;
import dev.vigil.escalation.EscalationState;
import dev.vigil.escalation.Recipient;
import dev.vigil.notify.IncidentNotice;
import dev.vigil.notify.IncidentUpdate;
import dev.vigil.notify.OutboxMessage;
import dev.vigil.oncall.Team;
import dev.vigil.oncall.User;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns incident changes into outbox messages within the caller's transaction: the team channel's post,
 * and the escalation policy's steps (who is DMed, and when the next step is due), and the end of an incident, told to
 * whoever was told of it.
 */
final class Pager {
    private final dev.vigil.oncall.OverrideLookup overrides;

    Pager(dev.vigil.oncall.OverrideLookup overrides) {
        this.overrides = overrides;
    }

    /** Posts {@code event} about the incident to its team's channel. */
    void tellChannel(IncidentTx tx, RuleSet rules, Incident incident, String event, String text, Instant now) {
        Optional<Team> team = rules.team(incident.team());
        String channel = team.map(Team::slackChannel).orElse("");
        if (channel.isEmpty()) {
            tx.record(incident.id(), new TimelineEvent(now, "warning",
                    "team " + incident.team() + " has no slack_channel; no channel post"));
            return;
        }
        tx.outbox().enqueue(OutboxMessage.of(channel, "#" + channel, notice(incident, event, text), now));
    }

    /**
     * Tells every destination already messaged about the incident that it changed: their messages are updated in
     * place to show it, and the team channel's thread gets {@code threadLine}. {@code text} says who did what.
     */
    void announce(IncidentTx tx, RuleSet rules, Incident incident, String event, String text, String threadLine,
                  Instant now) {
        announce(tx, rules, incident, event, text, threadLine, now, java.util.Set.of());
    }

    /**
     * The same, except to {@code paged}: the people a page about this same change was queued for in this
     * transaction (a channel keeps its update: it carries the thread's line). Their page shows the change already, and an update behind it would only name the incident again
     * (in a storm, as a line of a bundle: a second notification for one page).
     */
    private void announce(IncidentTx tx, RuleSet rules, Incident incident, String event, String text,
                          String threadLine, Instant now, java.util.Set<String> paged) {
        String channel = rules.team(incident.team()).map(Team::slackChannel).orElse("");
        java.util.Map<String, String> destinations = new java.util.LinkedHashMap<>(tx.destinations(incident.id()));
        if (!channel.isEmpty()) {
            destinations.putIfAbsent(channel, "#" + channel);
        }
        destinations.keySet().removeAll(paged);
        IncidentNotice state = notice(incident, event, text);
        destinations.forEach((destination, recipient) -> tx.outbox().enqueue(OutboxMessage.of(destination, recipient,
                new IncidentUpdate(state, destination.equals(channel) ? threadLine : ""), now)));
    }

    /** Runs the escalation from {@code from}; returns the incident with its next step and due time. */
    Incident escalate(IncidentTx tx, RuleSet rules, Incident incident, EscalationState from, String event, Instant now,
                      List<Alert> raised) {
        return escalate(tx, rules, incident, from, event, "", now, raised);
    }

    /**
     * The same; unless {@code event} is "opened", the incident's messages are updated and its thread told the step,
     * after {@code why} when given. The people paged are messaged first: a page does not wait behind updates.
     */
    Incident escalate(IncidentTx tx, RuleSet rules, Incident incident, EscalationState from, String event, String why,
                      Instant now, List<Alert> raised) {
        Optional<EscalationPolicy> policy = rules.policy(incident.policy());
        if (policy.isEmpty()) {
            tx.record(incident.id(), new TimelineEvent(now, "warning",
                    "escalation policy \"" + incident.policy() + "\" no longer exists; nobody paged"));
            return incident.withEscalation(Optional.empty(), Optional.empty());
        }
        EscalationPlanner.Outcome o = new EscalationPlanner(new RuleSetDirectory(rules, overrides)).runFrom(policy.get(), from, now);
        for (int skipped : o.skippedSteps()) {
            tx.record(incident.id(), new TimelineEvent(now, "skipped", "escalation step " + skipped
                    + " of " + policy.get().id() + " has nobody to notify; skipped"));
        }
        if (o.nobody()) {
            tx.record(incident.id(), new TimelineEvent(now, "warning",
                    "escalation policy " + policy.get().id() + " has nobody left to notify; raising VigilNobodyOnCall"));
            raised.add(nobodyOnCall(incident, policy.get().id(), now));
            return incident.withEscalation(Optional.empty(), Optional.empty());
        }
        String names = o.recipients().stream().map(Pager::name).collect(Collectors.joining(", "));
        tx.record(incident.id(), new TimelineEvent(now, "escalated", "escalation step " + o.stepNumber()
                + " of " + policy.get().id() + ": notifying " + names
                + o.nextAt().map(t -> "; next step at " + t).orElse("; last step")));
        IncidentNotice notice = notice(incident, event, "You are on call for this incident");
        java.util.Set<String> paged = new java.util.HashSet<>();
        for (Recipient r : o.recipients()) {
            if (r instanceof Recipient.Person p) {
                tx.outbox().enqueue(OutboxMessage.of(p.user().slackId(), p.user().id(), notice, now));
                paged.add(p.user().slackId());
            } else if (r instanceof Recipient.Channel c) {
                tx.outbox().enqueue(OutboxMessage.of(c.channel(), "#" + c.channel(), notice, now));
            }
        }
        if (!event.equals("opened")) {
            String line = (why.isEmpty() ? "" : why + " — ") + "Escalation step " + o.stepNumber() + " of "
                    + policy.get().id() + ": notifying " + names;
            announce(tx, rules, incident, event, line, line, now, paged);
        }
        return incident.withEscalation(o.next(), o.nextAt());
    }

    /**
     * Pages {@code user}, added as a responder, for the incident (a page with its buttons, as an escalation step's), and
     * tells every destination already messaged about it, but not the user again.
     */
    void pageResponder(IncidentTx tx, RuleSet rules, Incident incident, User user, String by, Instant now) {
        tx.outbox().enqueue(OutboxMessage.of(user.slackId(), user.id(),
                notice(incident, "responder", "You were added as a responder by " + by), now));
        String line = "Responder added: " + user.id() + " (by " + by + ")";
        announce(tx, rules, incident, "responder", line, line, now, java.util.Set.of(user.slackId()));
    }

    /** Resolves the incident with {@code resolved}, its timeline event, which says why and when. */
    Incident resolve(IncidentTx tx, RuleSet world, Incident i, TimelineEvent resolved) {
        Incident done = i.withStatus(IncidentStatus.RESOLVED, resolved.at());
        tx.update(done);
        tx.record(i.id(), resolved);
        if (told(tx, i)) {
            String text = AlertLines.capitalized(resolved.text());
            announce(tx, world, done, "resolved", text, text, resolved.at());
        }
        return done;
    }

    /** Whether the incident's first page has gone out (it waits out group_wait until then): whether anyone knows. */
    static boolean told(IncidentTx tx, Incident i) {
        return tx.timer(i.id()).map(t -> t.pagedAt().isPresent()).orElse(true);
    }

    /** The alert that says a team's policy reached nobody: never silence. */
    static Alert nobodyOnCall(Incident i, String policy, Instant now) {
        return new Alert(Labels.of("alertname", "VigilNobodyOnCall", "team", i.team(), "policy", policy,
                "severity", "page"), java.util.Map.of("summary", "Nobody is on call for team " + i.team()
                + " (escalation policy " + policy + ")", "description", "Incident #" + i.id() + " (" + i.title()
                + ") could page nobody; it was posted to the team's channel only."), Alert.State.FIRING, now);
    }

    static IncidentNotice notice(Incident i, String event, String text) {
        return new IncidentNotice(i.id(), event, i.title(), i.status().apiName(), i.severity(), i.team(), i.labels().asMap(),
                i.runbookUrl(), text);
    }

    private static String name(Recipient r) {
        return r instanceof Recipient.Person p ? p.user().id() : "#" + ((Recipient.Channel) r).channel();
    }
}
