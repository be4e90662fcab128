package dev.vigil.api;

import dev.vigil.command.Command;
import dev.vigil.command.CommandExecutor;
import dev.vigil.config.RuleSet;
import dev.vigil.config.Suggestions;
import dev.vigil.oncall.OverrideStore;
import dev.vigil.oncall.ScheduleOverride;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** {@code /api/v1/schedules/{id}/overrides}: someone else takes a schedule for a span; list; delete. */
@Path("/api/v1/schedules/{schedule}/overrides")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class OverrideResource {
    private static final java.time.Duration LIST_HORIZON = java.time.Duration.ofDays(366);

    /** The request body: who, and the span. */
    public record Request(String user, String start, String end) {
    }

    private final Supplier<RuleSet> rules;
    private final OverrideStore store;
    private final InstantSource clock;

    private final CommandExecutor executor;

    public OverrideResource(Supplier<RuleSet> rules, OverrideStore store, InstantSource clock, CommandExecutor executor) {
        this.executor = executor;
        this.rules = rules;
        this.store = store;
        this.clock = clock;
    }

    @POST
    @RolesAllowed("respond")
    public Response add(@Auth ApiPrincipal who, @PathParam("schedule") String schedule, Request body) {
        RuleSet world = schedule(schedule);
        if (body == null || body.user() == null || body.user().isBlank()) {
            throw new BadRequestException("user: required (a user id from rules/)");
        }
        if (!world.users().containsKey(body.user())) {
            throw new BadRequestException("user: \"" + body.user() + "\" is not a user in rules/"
                    + Suggestions.hint(body.user(), world.users().keySet()));
        }
        Instant start = instant("start", body.start());
        Instant end = instant("end", body.end());
        if (!end.isAfter(start)) {
            throw new BadRequestException("end: " + body.end() + " (expected: after start " + body.start() + ")");
        }
        ScheduleOverride o = Commands.run(executor, who, new Command.Override(body.user(), Optional.of(schedule),
                Optional.of(start), java.time.Duration.between(start, end)), ScheduleOverride.class);
        return Response.created(URI.create("/api/v1/schedules/" + schedule + "/overrides/" + o.id())).entity(o).build();
    }

    @GET
    public List<ScheduleOverride> list(@PathParam("schedule") String schedule) {
        schedule(schedule);
        Instant now = clock.instant();
        return store.overlapping(schedule, now, now.plus(LIST_HORIZON));
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed("respond")
    public Response delete(@PathParam("schedule") String schedule, @PathParam("id") long id) {
        schedule(schedule);
        if (!store.delete(schedule, id)) {
            throw new NotFoundException("override " + id + " of schedule " + schedule + " does not exist");
        }
        return Response.noContent().build();
    }

    private RuleSet schedule(String id) {
        RuleSet world = rules.get();
        Schedules.require(world, id);
        return world;
    }

    private static Instant instant(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new BadRequestException(field + ": required (e.g. 2026-11-22T18:00:00Z)");
        }
        return QueryParams.instant(field, text);
    }
}
