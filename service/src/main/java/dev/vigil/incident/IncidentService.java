package dev.vigil.incident;

import dev.vigil.alert.Alert;
import dev.vigil.config.RuleSet;
import dev.vigil.escalation.EscalationState;
import dev.vigil.label.Labels;
import dev.vigil.routing.Router;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The incident lifecycle: alerts open and resolve incidents, people acknowledge, resolve and escalate them,
 * and due escalation steps run. Each change, its timeline and its messages are written in one transaction.
 * Concurrent calls are kept apart by the database (a row lock per incident, a unique open incident per group), not
 * by this class, so requests about different incidents never wait for each other.
 */
public final class IncidentService {
    private final IncidentStore store;
    private final Supplier<RuleSet> rules;
    private final Function<String, String> runbookUrl;
    private final InstantSource clock;
    private final Pager pager;
    private final java.util.function.Consumer<Alert> raise;

    public IncidentService(IncidentStore store, Supplier<RuleSet> rules, Function<String, String> runbookUrl,
                           InstantSource clock) {
        this(store, rules, runbookUrl, clock, alert -> { }, dev.vigil.oncall.OverrideLookup.NONE);
    }

    /**
     * {@code raise} takes alerts the service itself raises (VigilNobodyOnCall), after their transaction commits;
     * {@code overrides} change who schedules have on call.
     */
    public IncidentService(IncidentStore store, Supplier<RuleSet> rules, Function<String, String> runbookUrl,
                           InstantSource clock, java.util.function.Consumer<Alert> raise,
                           dev.vigil.oncall.OverrideLookup overrides) {
        this.raise = raise;
        this.pager = new Pager(overrides);
        this.store = store;
        this.rules = rules;
        this.runbookUrl = runbookUrl;
        this.clock = clock;
    }

    /** Why an alert is muted now (silences, inhibition: key → reason in words), empty when it is not; never by default. */
    private java.util.function.Function<dev.vigil.label.Labels, java.util.Map<String, String>> muting =
            labels -> java.util.Map.of();

    /**
     * What mutes alerts (silences, inhibition): an incident opened by a muted alert still opens and is posted to its
     * team's channel, saying why, but pages nobody.
     */
    public IncidentService mutedBy(java.util.function.Function<dev.vigil.label.Labels, java.util.Map<String, String>> m) {
        this.muting = m;
        return this;
    }

    /** Feeds one routed alert in: a firing alert joins or opens its group's incident; a resolved one may end it. */
    public void onAlert(Router.Match match, Alert alert) {
        try {
            apply(match, alert);
        } catch (GroupAlreadyOpenException e) {
            // Another instance opened this group's incident between our read and our insert: join it.
            apply(match, alert);
        }
    }

    private void apply(Router.Match match, Alert alert) {
        Instant now = clock.instant();
        RuleSet world = rules.get();
        List<Alert> raised = new java.util.ArrayList<>();
        store.inTransaction(tx -> {
            if (alert.state() == Alert.State.FIRING) {
                fire(tx, world, match, alert, now, raised);
            } else {
                for (Incident i : tx.lockOpenFiring(alert.fingerprint())) {
                    clear(tx, world, i, alert, now);
                }
            }
            return null;
        });
        raised.forEach(raise);
    }

    private void fire(IncidentTx tx, RuleSet world, Router.Match match, Alert alert, Instant now, List<Alert> raised) {
        IncidentAlert ia = new IncidentAlert(alert.fingerprint(), alert.labels(), alert.annotations(), true,
                alert.at(), Optional.empty());
        Optional<Incident> open = tx.lockOpen(match.groupKey());
        if (open.isPresent()) {
            boolean known = tx.alerts(open.get().id()).stream()
                    .anyMatch(a -> a.fingerprint().equals(ia.fingerprint()) && a.firing());
            if (!known) {
                tx.putAlert(open.get().id(), ia);
                tx.record(open.get().id(), new TimelineEvent(now, "alert", "alert firing: " + alert.labels()));
                pager.announce(tx, world, open.get(), "alert", "Alert added: " + title(alert),
                        "Alert added: " + alert.labels(), now);
            }
            return;
        }
        String team = match.route().team();
        String policy = world.team(team).map(t -> t.escalationPolicy()).orElse("");
        java.util.Map<String, String> reasons = muting.apply(alert.labels()); // silences, inhibition
        String muted = reasons.isEmpty() ? "" : "muted by " + String.join("; ", reasons.values());
        Incident draft = new Incident(0, match.groupKey(), title(alert), IncidentStatus.TRIGGERED,
                alert.labels().has("severity") ? alert.labels().get("severity") : "page", team, alert.labels(),
                link(alert), match.route().page() && muted.isEmpty(), policy, now, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
        Incident incident = tx.insert(draft);
        tx.putAlert(incident.id(), ia);
        tx.record(incident.id(), new TimelineEvent(now, "opened", "opened for team " + team + " by " + alert.labels()));
        pager.tellChannel(tx, world, incident, "opened", "New incident for " + team
                + (muted.isEmpty() ? "" : " — " + muted + ": nobody is paged"), now);
        if (incident.page()) {
            incident = pager.escalate(tx, world, incident, EscalationState.START, "opened", now, raised);
        } else {
            tx.record(incident.id(), new TimelineEvent(now, "info", muted.isEmpty()
                    ? "route has page: false; nobody is paged" : muted + "; nobody is paged"));
        }
        tx.update(incident);
    }

    private void clear(IncidentTx tx, RuleSet world, Incident incident, Alert alert, Instant now) {
        List<IncidentAlert> alerts = tx.alerts(incident.id());
        for (IncidentAlert a : alerts) {
            if (a.fingerprint().equals(alert.fingerprint()) && a.firing()) {
                tx.putAlert(incident.id(), new IncidentAlert(a.fingerprint(), a.labels(), a.annotations(), false,
                        a.startsAt(), Optional.of(alert.at())));
            }
        }
        tx.record(incident.id(), new TimelineEvent(now, "alert", "alert resolved: " + alert.labels()));
        boolean stillFiring = alerts.stream().anyMatch(a -> a.firing() && !a.fingerprint().equals(alert.fingerprint()));
        if (!stillFiring) {
            finish(tx, world, incident, "resolved: every alert has resolved", now);
        }
    }

    /** Acknowledges an open incident: escalation stops. Idempotent; empty when there is no such incident. */
    public Optional<Incident> acknowledge(long id, String by) {
        return change(id, (tx, i, now) -> {
            if (i.status() != IncidentStatus.TRIGGERED) {
                return i;
            }
            Incident acked = i.withStatus(IncidentStatus.ACKNOWLEDGED, now);
            tx.update(acked);
            tx.record(i.id(), new TimelineEvent(now, "acknowledged", "acknowledged by " + by + "; escalation stopped"));
            pager.announce(tx, rules.get(), acked, "acknowledged", "Acknowledged by " + by,
                    "Acknowledged by " + by + "; escalation stopped", now);
            return acked;
        });
    }

    /** Adds a note to an incident's timeline and its messages' thread; empty when there is no such incident. */
    public Optional<Incident> note(long id, String text, String by) {
        return change(id, (tx, i, now) -> {
            tx.record(i.id(), new TimelineEvent(now, "note", "note from " + by + ": " + text));
            pager.announce(tx, rules.get(), i, "note", "Note from " + by + ": " + text, "Note from " + by + ": " + text,
                    now);
            return i;
        });
    }

    /**
     * Opens an incident for {@code team} by hand (SPEC §5 {@code /vigil page}): its channel is told and its escalation
     * policy runs, as for an alert. Each page is an incident of its own.
     */
    public Incident page(String team, String text, String by) {
        RuleSet world = rules.get();
        if (world.team(team).isEmpty()) {
            throw new IllegalArgumentException("team \"" + team + "\" is not a team in rules/");
        }
        Instant now = clock.instant();
        Alert alert = new Alert(Labels.of("alertname", "ManualPage", "team", team, "severity", "page", "paged_by", by),
                java.util.Map.of("summary", text), Alert.State.FIRING, now);
        dev.vigil.routing.Route route = new dev.vigil.routing.Route("manual", List.of(), team, List.of(), false,
                java.time.Duration.ZERO, java.time.Duration.ZERO, java.time.Duration.ZERO, false, true, List.of());
        String key = "manual/" + team + "/" + java.util.UUID.randomUUID();
        onAlert(new Router.Match(route, key, alert.labels()), alert);
        return store.inTransaction(tx -> tx.lockOpen(key)).orElseThrow();
    }

    /** Resolves an incident: escalation ends. Idempotent. */
    public Optional<Incident> resolve(long id, String by) {
        return change(id, (tx, i, now) -> i.status() == IncidentStatus.RESOLVED ? i
                : finish(tx, rules.get(), i, "resolved by " + by, now));
    }

    /** Runs the next escalation step now, whatever its due time; an acknowledged incident is triggered again. */
    public Optional<Incident> escalate(long id, String by) {
        List<Alert> raised = new java.util.ArrayList<>();
        Optional<Incident> result = change(id, (tx, i, now) -> {
            if (i.status() == IncidentStatus.RESOLVED) {
                throw new IllegalStateException("incident " + id + " is resolved; there is nobody to escalate to");
            }
            tx.record(i.id(), new TimelineEvent(now, "escalate", "escalated by " + by));
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

    /** Runs every escalation step that is due now; returns how many ran. */
    public int escalateDue() {
        int n = 0;
        for (long id : store.dueForEscalation(clock.instant(), 100)) {
            List<Alert> raised = new java.util.ArrayList<>();
            boolean ran = store.inTransaction(tx -> tx.lock(id).filter(this::due).map(i -> {
                Incident next = pager.escalate(tx, rules.get(), i, i.escalation().orElseThrow(), "escalated",
                        clock.instant(), raised);
                tx.update(next);
                return true;
            }).orElse(false));
            raised.forEach(raise);
            n += ran ? 1 : 0;
        }
        return n;
    }

    private boolean due(Incident i) {
        return i.status() == IncidentStatus.TRIGGERED && i.escalation().isPresent()
                && i.nextEscalationAt().map(t -> !t.isAfter(clock.instant())).orElse(false);
    }

    private Incident finish(IncidentTx tx, RuleSet world, Incident i, String why, Instant now) {
        Incident done = i.withStatus(IncidentStatus.RESOLVED, now);
        tx.update(done);
        tx.record(i.id(), new TimelineEvent(now, "resolved", why));
        String text = Character.toUpperCase(why.charAt(0)) + why.substring(1);
        pager.announce(tx, world, done, "resolved", text, text, now);
        return done;
    }

    private interface Change {
        Incident apply(IncidentTx tx, Incident incident, Instant now);
    }

    private Optional<Incident> change(long id, Change change) {
        Instant now = clock.instant();
        return store.inTransaction(tx -> tx.lock(id).map(i -> change.apply(tx, i, now)));
    }

    private String link(Alert alert) {
        String url = alert.annotations().getOrDefault("runbook_url", "");
        return url.isEmpty() ? runbookUrl.apply(alert.annotations().getOrDefault("runbook", "")) : url;
    }

    /** The longest title an incident keeps: a longer summary is cut. */
    static final int TITLE_MAX = 2000;

    private static String title(Alert alert) {
        String summary = alert.annotations().getOrDefault("summary", "");
        if (!summary.isEmpty()) {
            return summary.length() <= TITLE_MAX ? summary : summary.substring(0, TITLE_MAX - 1) + "…";
        }
        Labels rest = Labels.of(alert.labels().asMap()).with("alertname", "");
        return alert.name() + " " + rest;
    }
}
