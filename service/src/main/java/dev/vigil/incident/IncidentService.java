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
 * The incident lifecycle: alerts open and resolve incidents, group notices go out when due, due escalation steps run,
 * and a team is paged by hand; what people do to an incident is {@link #actions()}. Each change, its timeline and its
 * messages are written in one transaction.
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
    private final IncidentActions actions;

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
        this.actions = new IncidentActions(store, rules, clock, pager, raise);
    }

    /** Acknowledge, resolve, escalate, note, triage, add a responder: what people do to one incident. */
    public IncidentActions actions() {
        return actions;
    }

    private Muter muter = Muter.NONE;
    /** Whether the last re-check found a muted incident: its muting must be looked at until it ends. */
    private volatile boolean mutedSeen = true;

    /**
     * What mutes incidents (silences, inhibition, time intervals): a muted incident still opens and is posted to its
     * team's channel, saying why, but pages nobody until muting ends.
     */
    public IncidentService mutedBy(Muter m) {
        this.muter = m;
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
                    clear(tx, world, i, alert, now, raised);
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
            Incident i = open.get();
            List<IncidentAlert> alerts = tx.alerts(i.id());
            if (alerts.stream().noneMatch(a -> a.fingerprint().equals(ia.fingerprint()) && a.firing())) {
                tx.putAlert(i.id(), ia);
                tx.record(i.id(), new TimelineEvent(now, "alert", "alert firing: " + alert.labels()));
                Incident after = notices(tx, world, i, with(alerts, ia), now, raised);
                if (after != i) {
                    tx.update(after);
                }
            }
            return;
        }
        String team = match.route().team();
        String policy = world.team(team).map(t -> t.escalationPolicy()).orElse("");
        Incident draft = new Incident(0, match.groupKey(), title(alert), IncidentStatus.TRIGGERED,
                alert.labels().has("severity") ? alert.labels().get("severity") : "page", team, alert.labels(),
                link(alert), match.route().page(), policy, now, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
        Incident incident = tx.insert(draft);
        tx.record(incident.id(), new TimelineEvent(now, "opened", "opened for team " + team + " by " + alert.labels()));
        GroupTimer timer = GroupTimer.opened(incident.id(), match.route(), now.plus(match.route().groupWait()));
        GroupPlanner.Plan plan = GroupPlanner.plan(timer, incident.status(), List.of(ia),
                () -> muter.at(now).why(timer.routeId(), List.of(ia.labels())), now);
        tx.putAlert(incident.id(), ia.withNotified(plan.kind() == GroupPlanner.Kind.FIRST));
        tx.insertTimer(plan.next());
        if (plan.kind() == GroupPlanner.Kind.FIRST) {
            tx.update(firstPage(tx, world, incident, List.of(ia), plan.next(), now, raised));
        } else {
            tx.record(incident.id(), new TimelineEvent(now, "info", "waiting group_wait "
                    + dev.vigil.time.PromDuration.format(timer.groupWait())
                    + " before the first page, so that alerts arriving together page once"));
        }
    }

    private static List<IncidentAlert> with(List<IncidentAlert> alerts, IncidentAlert changed) {
        List<IncidentAlert> out = new java.util.ArrayList<>(alerts.stream()
                .filter(a -> !a.fingerprint().equals(changed.fingerprint())).toList());
        out.add(changed);
        return out;
    }

    /**
     * Sends what the group planner says is due for an incident whose alerts are {@code alerts} (a first page, a
     * notice of changes, a reminder, a change of muting) and stores its timer; returns the incident after it.
     */
    private Incident notices(IncidentTx tx, RuleSet world, Incident i, List<IncidentAlert> alerts, Instant now,
                             List<Alert> raised) {
        Optional<GroupTimer> stored = tx.timer(i.id());
        GroupTimer t = stored.orElseGet(() -> GroupTimer.paged(i));
        List<Labels> firing = alerts.stream().filter(IncidentAlert::firing).map(IncidentAlert::labels).toList();
        GroupPlanner.Plan plan = GroupPlanner.plan(t, i.status(), alerts, () -> muter.at(now).why(t.routeId(), firing),
                now);
        Incident out = switch (plan.kind()) {
            case NONE -> i;
            case FIRST -> firstPage(tx, world, i, alerts, plan.next(), now, raised);
            case CHANGES -> changes(tx, world, i, t, plan, now, raised);
            case REPEAT -> {
                String line = "Still unacknowledged: " + AlertLines.count(firing.size()) + " firing (repeat_interval "
                        + dev.vigil.time.PromDuration.format(t.repeatInterval()) + ")";
                tx.record(i.id(), new TimelineEvent(now, "repeat", line));
                pager.announce(tx, world, i, "repeat", line, line, now);
                yield i;
            }
        };
        if (plan.kind() != GroupPlanner.Kind.NONE && !plan.changed().isEmpty()) {
            tx.markNotified(i.id());
        }
        if (stored.isEmpty()) {
            tx.insertTimer(plan.next());
        } else if (!plan.next().equals(t)) {
            tx.updateTimer(plan.next());
        }
        return out;
    }

    /** The first page: the channel is told, with every alert, and the policy runs unless muted or not paging. */
    private Incident firstPage(IncidentTx tx, RuleSet world, Incident i, List<IncidentAlert> alerts, GroupTimer t,
                               Instant now, List<Alert> raised) {
        String muted = t.muted();
        List<IncidentAlert> firing = alerts.stream().filter(IncidentAlert::firing).toList();
        pager.tellChannel(tx, world, i, "opened", "New incident for " + i.team()
                + (muted.isEmpty() ? "" : " — " + muted + ": nobody is paged")
                + (firing.size() > 1 ? "\n" + AlertLines.count(firing.size()) + " firing:\n" + AlertLines.list(firing)
                : ""), now);
        if (!muted.isEmpty()) {
            tx.record(i.id(), new TimelineEvent(now, "info", muted + "; nobody is paged"));
            return i;
        }
        if (!i.page()) {
            tx.record(i.id(), new TimelineEvent(now, "info", "route has page: false; nobody is paged"));
            return i;
        }
        if (i.status() != IncidentStatus.TRIGGERED) {
            tx.record(i.id(), new TimelineEvent(now, "info", "acknowledged before its first page; nobody is paged"));
            return i;
        }
        return pager.escalate(tx, world, i, EscalationState.START, "opened", now, raised);
    }

    /** A notice of what changed since the last one: muting that started or ended, alerts added or resolved. */
    private Incident changes(IncidentTx tx, RuleSet world, Incident i, GroupTimer before, GroupPlanner.Plan plan,
                             Instant now, List<Alert> raised) {
        Incident out = i;
        if (plan.muteStarted()) {
            boolean pausing = i.status() == IncidentStatus.TRIGGERED && i.nextEscalationAt().isPresent();
            String line = AlertLines.capitalized(plan.next().muted()) + (pausing ? "; escalation paused" : "");
            tx.record(i.id(), new TimelineEvent(now, "muted", line));
            out = pausing ? i.withEscalation(i.escalation(), Optional.empty()) : i;
            pager.announce(tx, world, out, "muted", line, line, now);
        }
        if (plan.muteEnded()) {
            boolean paging = i.status() == IncidentStatus.TRIGGERED && i.page();
            String line = "No longer " + before.muted() + (paging ? "; paging" : "");
            tx.record(i.id(), new TimelineEvent(now, "unmuted", line));
            if (paging) {
                out = pager.escalate(tx, world, out, EscalationState.START, "unmuted", line, now, raised);
            } else {
                pager.announce(tx, world, out, "unmuted", line, line, now);
            }
        }
        List<IncidentAlert> added = plan.changed().stream().filter(IncidentAlert::firing).toList();
        List<IncidentAlert> resolved = plan.changed().stream().filter(a -> !a.firing()).toList();
        if (!added.isEmpty() || !resolved.isEmpty()) {
            String line = (added.isEmpty() ? "" : "Alert" + (added.size() == 1 ? "" : "s") + " added: "
                    + AlertLines.list(added))
                    + (added.isEmpty() || resolved.isEmpty() ? "" : "\n")
                    + (resolved.isEmpty() ? "" : "Alert" + (resolved.size() == 1 ? "" : "s") + " resolved: "
                    + AlertLines.list(resolved));
            pager.announce(tx, world, out, "alert", line, line, now);
        }
        return out;
    }

    private void clear(IncidentTx tx, RuleSet world, Incident incident, Alert alert, Instant now, List<Alert> raised) {
        List<IncidentAlert> alerts = tx.alerts(incident.id());
        List<IncidentAlert> after = new java.util.ArrayList<>();
        for (IncidentAlert a : alerts) {
            if (a.fingerprint().equals(alert.fingerprint()) && a.firing()) {
                // A resolve of an alert whose firing was never told is nothing to tell either.
                IncidentAlert resolved = new IncidentAlert(a.fingerprint(), a.labels(), a.annotations(), false,
                        a.startsAt(), Optional.of(alert.at()), !a.notified());
                tx.putAlert(incident.id(), resolved);
                after.add(resolved);
            } else {
                after.add(a);
            }
        }
        tx.record(incident.id(), new TimelineEvent(now, "alert", "alert resolved: " + alert.labels()));
        if (after.stream().anyMatch(IncidentAlert::firing)) {
            Incident changed = notices(tx, world, incident, after, now, raised);
            if (changed != incident) {
                tx.update(changed);
            }
            return;
        }
        pager.resolve(tx, world, incident, new TimelineEvent(now, "resolved", Pager.told(tx, incident)
                ? "resolved: every alert has resolved" : "resolved: every alert resolved before group_wait ended; nobody was told"));
    }

    /**
     * Sends the notices that are due now (group_wait over, group_interval since the last, repeat_interval), and acts
     * on muting that started or ended (a silence made or ended, a time interval entered or left); returns how many
     * incidents were looked at.
     */
    public int noticesDue() {
        Instant now = clock.instant();
        List<Long> due = store.dueTimers(now, 100);
        due.forEach(id -> flush(id, now, false));
        return due.size() + recheckMuting(now);
    }

    private void flush(long id, Instant now, boolean force) {
        List<Alert> raised = new java.util.ArrayList<>();
        store.inTransaction(tx -> tx.lock(id).map(i -> {
            boolean due = tx.timer(id).flatMap(GroupTimer::flushAt).map(f -> !f.isAfter(now)).orElse(false);
            if (due || force) { // else another node got there first
                Incident after = notices(tx, rules.get(), i, tx.alerts(id), now, raised);
                if (after != i) {
                    tx.update(after);
                }
            }
            return i;
        }));
        raised.forEach(raise);
    }

    /**
     * Looks at the muting of open, paged incidents (the newest {@link #RECHECKED}), and sends the notice of
     * those whose muting changed. Skipped while nothing could mute and nothing was found muted.
     */
    private int recheckMuting(Instant now) {
        if (!muter.anything() && !mutedSeen) {
            return 0;
        }
        List<Incident> open = store.list(java.util.EnumSet.of(IncidentStatus.TRIGGERED, IncidentStatus.ACKNOWLEDGED),
                RECHECKED);
        List<Long> ids = open.stream().map(Incident::id).toList();
        java.util.Map<Long, GroupTimer> timers = store.timers(ids);
        java.util.Map<Long, List<IncidentAlert>> alerts = store.alerts(ids);
        // These are the firing alerts inhibition looks at too: read once for both.
        Muter.View view = muter.at(now, alerts.values().stream().flatMap(List::stream).filter(IncidentAlert::firing)
                .map(IncidentAlert::labels).toList());
        boolean seen = false;
        int changed = 0;
        for (Incident i : open) {
            GroupTimer t = timers.get(i.id());
            if (t == null || t.pagedAt().isEmpty()) {
                continue; // its first page will look
            }
            String why = view.why(t.routeId(), alerts.getOrDefault(i.id(), List.of()).stream()
                    .filter(IncidentAlert::firing).map(IncidentAlert::labels).toList());
            seen |= !why.isEmpty();
            if (why.isEmpty() != t.muted().isEmpty()) {
                flush(i.id(), now, true);
                changed++;
            }
        }
        mutedSeen = seen;
        return changed;
    }

    /** The most open incidents whose muting is looked at again each tick. */
    static final int RECHECKED = 1000;

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
        dev.vigil.routing.Route route = dev.vigil.routing.Route.direct("manual", team);
        String key = "manual/" + team + "/" + java.util.UUID.randomUUID();
        onAlert(new Router.Match(route, key, alert.labels()), alert);
        return store.inTransaction(tx -> tx.lockOpen(key)).orElseThrow();
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
