package dev.vigil.api;

import dev.vigil.config.RuleSet;
import dev.vigil.config.Suggestions;
import dev.vigil.oncall.Schedule;
import jakarta.ws.rs.NotFoundException;

/** The schedule a request names, or a 404 with the closest known id. */
final class Schedules {
    private Schedules() {
    }

    static Schedule require(RuleSet world, String id) {
        Schedule s = world.schedules().get(id);
        if (s == null) {
            throw new NotFoundException("schedule \"" + id + "\" does not exist" + Suggestions.hint(id, world.schedules().keySet()));
        }
        return s;
    }
}
