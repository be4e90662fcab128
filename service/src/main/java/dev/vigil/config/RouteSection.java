package dev.vigil.config;

import dev.vigil.label.Matcher;
import dev.vigil.routing.Route;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads {@code route:}, Alertmanager's routing tree with {@code team} in place of {@code receiver}. */
final class RouteSection {
    private static final Set<String> ROUTE_KEYS = Set.of("team", "matchers", "group_by", "group_wait",
            "group_interval", "repeat_interval", "continue", "page", "routes", "mute_time_intervals",
            "active_time_intervals");

    private final Declarations declarations;

    RouteSection(Declarations declarations) {
        this.declarations = declarations;
    }

    /** The root route; it must name a team and may not have matchers. */
    Optional<Route> root(YamlValue v) {
        // Alertmanager's defaults, but for group_wait: its 30 s would hold back every first page, where PagerDuty and
        // GoAlert page at once (docs/configuration.md). Grouping into one incident does not depend on it.
        Route defaults = new Route("", List.of(), "", List.of(), false, Duration.ZERO, Duration.ofMinutes(5),
                Duration.ofHours(4), false, true, List.of());
        return v.map(ROUTE_KEYS).flatMap(m -> {
            if (m.get("team").isEmpty()) {
                m.self().error("the root route needs a team (where alerts go that no child route takes)");
            }
            if (m.get("matchers").isPresent()) {
                m.get("matchers").get().error("the root route matches every alert; it takes no matchers");
            }
            if (m.get("continue").isPresent()) {
                m.get("continue").get().error("the root route cannot have continue");
            }
            for (String k : List.of("mute_time_intervals", "active_time_intervals")) {
                m.get(k).ifPresent(x -> x.error("the root route cannot have " + k
                        + " (as in Alertmanager: put them on a child route)"));
            }
            return Optional.of(route(m, defaults, "0"));
        });
    }

    private Route route(YamlMap m, Route parent, String id) {
        List<Matcher> matchers = MatcherList.read(m, "matchers");
        List<String> mute = intervalNames(m, "mute_time_intervals");
        List<String> active = intervalNames(m, "active_time_intervals");
        for (String k : List.of("group_interval", "repeat_interval")) {
            m.duration(k).filter(Duration::isZero).ifPresent(d -> m.get(k).orElseThrow()
                    .error(k + " cannot be zero (expected: e.g. " + ("group_interval".equals(k) ? "5m" : "4h") + ")"));
        }
        String team = m.text("team").orElse(parent.team());
        m.get("team").ifPresent(t -> declarations.refer("team", team, t));
        List<String> groupBy = m.get("group_by").isPresent() ? m.strings("group_by") : parent.groupBy();
        boolean all = m.get("group_by").isPresent() ? groupBy.contains("...") : parent.groupByAll();
        List<Route> children = new ArrayList<>();
        Route self = new Route(id, matchers, team, groupBy.stream().filter(g -> !"...".equals(g)).toList(), all,
                m.duration("group_wait").orElse(parent.groupWait()),
                m.duration("group_interval").orElse(parent.groupInterval()),
                m.duration("repeat_interval").orElse(parent.repeatInterval()),
                m.bool("continue", false), m.bool("page", parent.page()), List.of(), mute, active);
        List<YamlValue> childValues = m.list("routes");
        for (int i = 0; i < childValues.size(); i++) {
            int index = i;
            childValues.get(i).map(ROUTE_KEYS).ifPresent(c -> children.add(route(c, self, id + "." + index)));
        }
        return self.withRoutes(children);
    }

    /** A route's list of {@code time_intervals:} names; each must be declared in some file of rules/. */
    private List<String> intervalNames(YamlMap m, String key) {
        List<String> names = new ArrayList<>();
        for (YamlValue v : m.list(key)) {
            v.text().ifPresent(n -> {
                declarations.refer("time interval", n, v);
                names.add(n);
            });
        }
        return names;
    }
}
