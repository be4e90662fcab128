package dev.vigil.routing;

import dev.vigil.label.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Walks the routing tree as Alertmanager does: depth first, first match wins unless {@code continue}. */
public final class Router {

    /** Where an alert goes: the matching route, its team, and the key of the group (incident) it joins. */
    public record Match(Route route, String groupKey, Labels groupLabels) {
    }

    private final Route root;

    public Router(Route root) {
        this.root = root;
    }

    public List<Match> route(Labels labels) {
        List<Route> matched = match(root, labels);
        return matched.stream().map(r -> {
            Labels group = groupLabels(r, labels);
            return new Match(r, r.id() + ":" + group, group);
        }).toList();
    }

    static List<Route> match(Route route, Labels labels) {
        if (!route.matchers().stream().allMatch(m -> m.matches(labels))) {
            return List.of();
        }
        List<Route> all = new ArrayList<>();
        for (Route child : route.routes()) {
            List<Route> m = match(child, labels);
            all.addAll(m);
            if (!m.isEmpty() && !child.continueMatching()) {
                break;
            }
        }
        return all.isEmpty() ? List.of(route) : all;
    }

    static Labels groupLabels(Route route, Labels labels) {
        if (route.groupByAll()) {
            return labels;
        }
        return Labels.of(route.groupBy().stream().filter(labels::has)
                .collect(Collectors.toMap(n -> n, labels::get, (a, b) -> a)));
    }
}
