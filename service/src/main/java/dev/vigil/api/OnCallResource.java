package dev.vigil.api;

import dev.vigil.config.RuleSet;
import dev.vigil.oncall.Schedule;
import dev.vigil.oncall.OverrideLookup;
import dev.vigil.oncall.ScheduleCalculator;
import dev.vigil.oncall.ScheduleOverride;
import dev.vigil.oncall.User;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** {@code GET /api/v1/oncall?schedule=ID&at=INSTANT}: who is on call then, and until when. */
@Path("/api/v1/oncall")
@Produces(MediaType.APPLICATION_JSON)
public final class OnCallResource {
    private static final Duration HORIZON = Duration.ofDays(56);

    private final Supplier<RuleSet> rules;
    private final InstantSource clock;
    private final OverrideLookup overrides;

    public OnCallResource(Supplier<RuleSet> rules, InstantSource clock, OverrideLookup overrides) {
        this.rules = rules;
        this.clock = clock;
        this.overrides = overrides;
    }

    @GET
    public Map<String, Object> get(@QueryParam("schedule") String id, @QueryParam("at") String at) {
        if (id == null || id.isBlank()) {
            throw new BadRequestException("schedule: required (a schedule id from rules/)");
        }
        RuleSet world = rules.get();
        Schedule schedule = Schedules.require(world, id);
        Instant when = instant(at);
        List<ScheduleOverride> near = overrides.overlapping(id, when, when.plus(HORIZON));
        List<Map<String, String>> users = ScheduleCalculator.onCallAt(schedule, near, when).stream()
                .map(u -> user(world.users().get(u), u)).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("schedule", id);
        out.put("at", when.toString());
        out.put("users", users);
        out.put("until", ScheduleCalculator.nextChange(schedule, near, when, HORIZON).map(Instant::toString).orElse(null));
        return out;
    }

    private Instant instant(String at) {
        if (at == null || at.isBlank()) {
            return clock.instant();
        }
        return QueryParams.instant("at", at);
    }

    private static Map<String, String> user(User u, String id) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("name", u == null ? id : u.name());
        m.put("slackId", u == null ? "" : u.slackId());
        return m;
    }
}
