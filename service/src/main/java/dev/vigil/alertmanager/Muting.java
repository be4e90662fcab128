package dev.vigil.alertmanager;

import dev.vigil.config.RuleSet;
import dev.vigil.incident.Incident;
import dev.vigil.incident.IncidentAlert;
import dev.vigil.incident.IncidentStatus;
import dev.vigil.incident.IncidentStore;
import dev.vigil.incident.Muter;
import dev.vigil.inhibit.Inhibitor;
import dev.vigil.label.Labels;
import dev.vigil.routing.Route;
import dev.vigil.silence.Silences;
import dev.vigil.timeinterval.TimeInterval;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Alertmanager's muting stages, in its order, between the route and the grouping: inhibit (rules/'s
 * {@code inhibit_rules}, the firing alerts of open incidents as sources), time intervals (the route's
 * {@code mute_time_intervals} and {@code active_time_intervals}), silence.
 */
public final class Muting implements Muter {
    /** The most open incidents whose alerts are looked at as inhibition sources. */
    static final int OPEN_INCIDENTS = 1000;
    private final Silences silences;
    private final IncidentStore incidents;
    private final Supplier<RuleSet> rules;

    public Muting(Silences silences, IncidentStore incidents, Supplier<RuleSet> rules) {
        this.silences = silences;
        this.incidents = incidents;
        this.rules = rules;
    }

    @Override
    public boolean anything() {
        RuleSet r = rules.get();
        return !r.inhibitRules().isEmpty() || hasTimeIntervals(r.route()) || silences.anyUnexpired();
    }

    private static boolean hasTimeIntervals(Route r) {
        return !r.muteTimeIntervals().isEmpty() || !r.activeTimeIntervals().isEmpty()
                || r.routes().stream().anyMatch(Muting::hasTimeIntervals);
    }

    @Override
    public View at(Instant now, List<Labels> given) {
        RuleSet world = rules.get();
        List<Labels> sources = given != null ? given : firing();
        return (routeId, firing) -> {
            Optional<String> timed = world.route().find(routeId).flatMap(r -> timeMuted(world, r, now));
            if (timed.isPresent()) {
                return "muted by " + timed.get();
            }
            Set<String> why = new LinkedHashSet<>();
            for (Labels alert : firing) {
                Optional<String> reason = inhibitedBy(alert, sources).map(Object::toString)
                        .or(() -> silences.muting(alert).entrySet().stream().findFirst()
                                .map(e -> "silence " + e.getKey() + " " + e.getValue()));
                if (reason.isEmpty()) {
                    return "";
                }
                why.add(reason.get());
            }
            return why.isEmpty() ? "" : "muted by " + String.join("; ", why);
        };
    }

    /** Why the route mutes at {@code now} by its time intervals (names checked when rules/ loaded). */
    private static Optional<String> timeMuted(RuleSet world, Route route, Instant now) {
        for (String name : route.muteTimeIntervals()) {
            if (TimeInterval.any(world.timeIntervals().getOrDefault(name, List.of()), now)) {
                return Optional.of("mute time interval \"" + name + "\"");
            }
        }
        if (!route.activeTimeIntervals().isEmpty() && route.activeTimeIntervals().stream()
                .noneMatch(n -> TimeInterval.any(world.timeIntervals().getOrDefault(n, List.of()), now))) {
            return Optional.of("being outside active time interval" + (route.activeTimeIntervals().size() > 1 ? "s " : " ")
                    + route.activeTimeIntervals().stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(", ")));
        }
        return Optional.empty();
    }

    /** The firing alert that inhibits an alert, among {@code firing}. */
    public Optional<Inhibitor.Inhibition> inhibitedBy(Labels labels, List<Labels> firing) {
        return Inhibitor.inhibiting(labels, rules.get().inhibitRules(), firing);
    }

    /** The ids of the silences muting an alert. */
    public List<String> silencedBy(Labels labels) {
        return List.copyOf(silences.muting(labels).keySet());
    }

    /** The labels of every alert firing in an open incident; none are read when there are no inhibit rules. */
    public List<Labels> firing() {
        if (rules.get().inhibitRules().isEmpty()) {
            return List.of();
        }
        List<Incident> open = incidents.list(EnumSet.of(IncidentStatus.TRIGGERED, IncidentStatus.ACKNOWLEDGED),
                OPEN_INCIDENTS);
        return incidents.alerts(open.stream().map(Incident::id).toList()).values().stream().flatMap(List::stream)
                .filter(IncidentAlert::firing).map(IncidentAlert::labels).toList();
    }
}
