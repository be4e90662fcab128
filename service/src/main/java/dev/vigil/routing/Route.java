package dev.vigil.routing;

import dev.vigil.label.Matcher;
import java.time.Duration;
import java.util.List;

/**
 * A node of the routing tree, with inherited settings already filled in: alerts matching all of
 * {@code matchers} go to {@code team} unless a child route takes them. An incident of this route waits
 * {@code groupWait} before its first page, leaves at least {@code groupInterval} between notices of changes (zero:
 * at once) and re-notifies its channel every {@code repeatInterval} while unacknowledged (zero: never). Its notices
 * are muted while the time is inside one of {@code muteTimeIntervals} or outside all of {@code activeTimeIntervals}
 * (names of {@code time_intervals:}; not inherited, as in Alertmanager).
 */
public record Route(String id, List<Matcher> matchers, String team, List<String> groupBy, boolean groupByAll,
                    Duration groupWait, Duration groupInterval, Duration repeatInterval,
                    boolean continueMatching, boolean page, List<Route> routes,
                    List<String> muteTimeIntervals, List<String> activeTimeIntervals) {
    public Route {
        matchers = List.copyOf(matchers);
        groupBy = List.copyOf(groupBy);
        routes = List.copyOf(routes);
        muteTimeIntervals = List.copyOf(muteTimeIntervals);
        activeTimeIntervals = List.copyOf(activeTimeIntervals);
    }

    /** A route without time intervals. */
    public Route(String id, List<Matcher> matchers, String team, List<String> groupBy, boolean groupByAll,
                 Duration groupWait, Duration groupInterval, Duration repeatInterval, boolean continueMatching,
                 boolean page, List<Route> routes) {
        this(id, matchers, team, groupBy, groupByAll, groupWait, groupInterval, repeatInterval, continueMatching, page,
                routes, List.of(), List.of());
    }

    /**
     * The route of alerts that name their team themselves, past the tree (a manual page, an integration key): paged
     * at once, every change told at once, never repeated.
     */
    public static Route direct(String id, String team) {
        return new Route(id, List.of(), team, List.of(), false, Duration.ZERO, Duration.ZERO, Duration.ZERO, false, true,
                List.of());
    }

    public Route withRoutes(List<Route> children) {
        return new Route(id, matchers, team, groupBy, groupByAll, groupWait, groupInterval, repeatInterval,
                continueMatching, page, children, muteTimeIntervals, activeTimeIntervals);
    }

    /** The route with this id in the tree under (and including) this one. */
    public java.util.Optional<Route> find(String routeId) {
        if (id.equals(routeId)) {
            return java.util.Optional.of(this);
        }
        for (Route r : routes) {
            java.util.Optional<Route> found = r.find(routeId);
            if (found.isPresent()) {
                return found;
            }
        }
        return java.util.Optional.empty();
    }
}
