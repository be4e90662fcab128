package dev.vigil.routing;

import dev.vigil.label.Matcher;
import java.time.Duration;
import java.util.List;

/**
 * A node of the routing tree, with inherited settings already filled in: alerts matching all of
 * {@code matchers} go to {@code team} unless a child route takes them.
 */
public record Route(String id, List<Matcher> matchers, String team, List<String> groupBy, boolean groupByAll,
                    Duration groupWait, Duration groupInterval, Duration repeatInterval,
                    boolean continueMatching, boolean page, List<Route> routes) {
    public Route {
        matchers = List.copyOf(matchers);
        groupBy = List.copyOf(groupBy);
        routes = List.copyOf(routes);
    }
}
