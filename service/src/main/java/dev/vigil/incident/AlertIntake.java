package dev.vigil.incident;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertSink;
import dev.vigil.config.RuleSet;
import dev.vigil.routing.Router;
import java.util.function.Supplier;

/** The pipeline's front: routes each alert through the current route tree into the incident service. */
public final class AlertIntake implements AlertSink {
    private final Supplier<RuleSet> rules;
    private final IncidentService incidents;

    public AlertIntake(Supplier<RuleSet> rules, IncidentService incidents) {
        this.rules = rules;
        this.incidents = incidents;
    }

    /**
     * Feeds an alert straight to {@code team}, past the route tree, as one incident per {@code groupKey}: an integration
     * key names the team it pages.
     */
    public void receive(Alert alert, String team, String groupKey) {
        incidents.onAlert(new Router.Match(dev.vigil.routing.Route.direct("integration", team), groupKey, alert.labels()),
                alert);
    }

    @Override
    public void receive(Alert alert) {
        for (Router.Match m : new Router(rules.get().route()).route(alert.labels())) {
            incidents.onAlert(m, alert);
        }
    }
}
