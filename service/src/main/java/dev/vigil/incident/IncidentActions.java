package dev.vigil.incident;

import dev.vigil.alert.Alert;
import dev.vigil.config.RuleSet;
import dev.vigil.escalation.EscalationState;
import dev.vigil.oncall.User;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What people do to one incident (SPEC §4): acknowledge, resolve, escalate, note, triage, add a responder. Each locks
 * the incident's row and writes the change, its timeline event (with who did it) and its messages in one transaction;
 * alerts opening and resolving incidents are {@link IncidentService}'s. Got from {@link IncidentService#actions()}.
 */
public final class IncidentActions {
    private final IncidentStore store;
    private final Supplier<RuleSet> rules;
    private final InstantSource clock;
    private final Pager pager;
    private final Consumer<Alert> raise;

    IncidentActions(IncidentStore store, Supplier<RuleSet> rules, InstantSource clock, Pager pager,
                    Consumer<Alert> raise) {
        this.store = store;
        this.rules = rules;
        this.clock = clock;
        this.pager = pager;
        this.raise = raise;
    }

    /** Acknowledges an open incident: escalation stops. Idempotent; empty when there is no such incident. */
    public Optional<Incident> acknowledge(long id, String by) {
        return change(id, (tx, i, now) -> {
            if (i.status() != IncidentStatus.TRIGGERED) {
                return i;
            }
            Incident acked = i.withStatus(IncidentStatus.ACKNOWLEDGED, now);
            tx.update(acked);
            tx.record(i.id(), TimelineEvent.by(by, now, "acknowledged", "acknowledged by " + by + "; escalation stopped"));
            if (Pager.told(tx, i)) {
                pager.announce(tx, rules.get(), acked, "acknowledged", "Acknowledged by " + by,
                        "Acknowledged by " + by + "; escalation stopped", now);
            }
            return acked;
        });
    }

    /** Adds a note to an incident's timeline and its messages' thread; empty when there is no such incident. */
    public Optional<Incident> note(long id, String text, String by) {
        return change(id, (tx, i, now) -> {
            tx.record(i.id(), TimelineEvent.by(by, now, "note", "note from " + by + ": " + text));
            pager.announce(tx, rules.get(), i, "note", "Note from " + by + ": " + text, "Note from " + by + ": " + text,
                    now);
            return i;
        });
    }

    /**
     * Changes an incident's severity and its summary, the title its messages show (SPEC §4 triage): on the timeline
     * with who did it, and every message about it updated in place. Changing nothing records nothing; empty when
     * there is no such incident.
     */
    public Optional<Incident> triage(long id, Optional<String> severity, Optional<String> summary, String by) {
        return change(id, (tx, i, now) -> {
            Incident t = i.withTriage(severity.orElse(i.severity()), summary.orElse(i.title()));
            List<String> what = new ArrayList<>();
            if (!t.severity().equals(i.severity())) {
                what.add("severity " + i.severity() + " → " + t.severity());
            }
            if (!t.title().equals(i.title())) {
                what.add("summary \"" + t.title() + "\"");
            }
            if (what.isEmpty()) {
                return i;
            }
            String line = String.join(", ", what) + " (by " + by + ")";
            tx.update(t);
            tx.record(i.id(), TimelineEvent.by(by, now, "triaged", line));
            if (Pager.told(tx, i)) {
                String said = AlertLines.capitalized(line);
                pager.announce(tx, rules.get(), t, "triaged", said, said, now);
            }
            return t;
        });
    }

    /**
     * Pages {@code user} for an open incident, whoever has it on call (SPEC §4 triage, PagerDuty's "add responders"):
     * on the timeline with who asked, a page to them, and the incident's other messages told. Empty when there is no
     * such incident; a resolved one is refused.
     */
    public Optional<Incident> addResponder(long id, User user, String by) {
        return change(id, (tx, i, now) -> {
            if (i.status() == IncidentStatus.RESOLVED) {
                throw new IllegalStateException("incident " + id + " is resolved; there is nothing to respond to");
            }
            String line = user.id() + " added as a responder by " + by;
            tx.record(i.id(), TimelineEvent.by(by, now, "responder", line));
            pager.pageResponder(tx, rules.get(), i, user, by, now);
            return i;
        });
    }

    /** Resolves an incident: escalation ends. Idempotent. */
    public Optional<Incident> resolve(long id, String by) {
        return change(id, (tx, i, now) -> i.status() == IncidentStatus.RESOLVED ? i
                : pager.resolve(tx, rules.get(), i, TimelineEvent.by(by, now, "resolved", "resolved by " + by)));
    }

    /** Runs the next escalation step now, whatever its due time; an acknowledged incident is triggered again. */
    public Optional<Incident> escalate(long id, String by) {
        List<Alert> raised = new ArrayList<>();
        Optional<Incident> result = change(id, (tx, i, now) -> {
            if (i.status() == IncidentStatus.RESOLVED) {
                throw new IllegalStateException("incident " + id + " is resolved; there is nobody to escalate to");
            }
            tx.record(i.id(), TimelineEvent.by(by, now, "escalate", "escalated by " + by));
            Incident t = new Incident(i.id(), i.groupKey(), i.title(), IncidentStatus.TRIGGERED, i.severity(), i.team(),
                    i.labels(), i.runbookUrl(), i.page(), i.policy(), i.openedAt(), i.acknowledgedAt(), i.resolvedAt(),
                    i.escalation(), i.nextEscalationAt());
            Incident next = pager.escalate(tx, rules.get(), t, i.escalation().orElse(EscalationState.START), "escalated",
                    now, raised);
            tx.update(next);
            return next;
        });
        raised.forEach(raise);
        return result;
    }

    private interface Change {
        Incident apply(IncidentTx tx, Incident incident, Instant now);
    }

    private Optional<Incident> change(long id, Change change) {
        Instant now = clock.instant();
        return store.inTransaction(tx -> tx.lock(id).map(i -> change.apply(tx, i, now)));
    }
}
