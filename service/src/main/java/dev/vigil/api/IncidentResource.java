package dev.vigil.api;

import dev.vigil.command.Command;
import dev.vigil.command.CommandExecutor;
import dev.vigil.incident.Incident;
import dev.vigil.incident.IncidentAlert;
import dev.vigil.incident.IncidentStatus;
import dev.vigil.incident.IncidentStore;
import dev.vigil.incident.PostIncidentReport;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code /api/v1/incidents}: list, show with timeline, the post-incident draft, and respond (acknowledge, resolve,
 * escalate, add a note, triage: severity and summary, responders), through the command executor.
 */
@Path("/api/v1/incidents")
@Produces(MediaType.APPLICATION_JSON)
public final class IncidentResource {
    private final IncidentStore store;
    private final CommandExecutor executor;
    private final Function<String, Optional<String>> userNames;
    private final InstantSource clock;

    /** {@code userNames}: a user id's full name from rules/, for the post-incident report. */
    public IncidentResource(IncidentStore store, CommandExecutor executor, Function<String, Optional<String>> userNames,
                            InstantSource clock) {
        this.store = store;
        this.executor = executor;
        this.userNames = userNames;
        this.clock = clock;
    }

    @GET
    public List<IncidentJson> list(@QueryParam("status") String status, @QueryParam("limit") String limit,
                                   @QueryParam("before") String before) {
        long n = QueryParams.number("limit", limit, 100, 1, 1000);
        long below = QueryParams.number("before", before, Long.MAX_VALUE, 1, Long.MAX_VALUE);
        List<Incident> incidents = store.list(statuses(status), (int) n, below);
        Map<Long, List<IncidentAlert>> alerts = store.alerts(incidents.stream().map(Incident::id).toList());
        return incidents.stream().map(i -> IncidentJson.of(i, alerts.getOrDefault(i.id(), List.of()), null)).toList();
    }

    @GET
    @Path("{id}")
    public IncidentJson get(@PathParam("id") String id) {
        Incident i = store.find(parseId(id)).orElseThrow(() -> notFound(id));
        return full(i);
    }

    /** The post-incident draft in Markdown, from the incident's record (SPEC §4). */
    @GET
    @Path("{id}/report")
    @Produces("text/markdown; charset=utf-8")
    public String report(@PathParam("id") String id) {
        long incidentId = parseId(id);
        return store.oneConnection(() -> {
            Incident i = store.find(incidentId).orElseThrow(() -> notFound(id));
            return new PostIncidentReport(i, store.alerts(incidentId), store.timeline(incidentId),
                    store.messagedPeople(incidentId), userNames).markdown(clock.instant());
        });
    }

    @POST
    @Path("{id}/acknowledge")
    @RolesAllowed("respond")
    public IncidentJson acknowledge(@Auth ApiPrincipal who, @PathParam("id") String id) {
        return act(who, new Command.Acknowledge(parseId(id)));
    }

    @POST
    @Path("{id}/resolve")
    @RolesAllowed("respond")
    public IncidentJson resolve(@Auth ApiPrincipal who, @PathParam("id") String id) {
        return act(who, new Command.Resolve(parseId(id)));
    }

    @POST
    @Path("{id}/escalate")
    @RolesAllowed("respond")
    public IncidentJson escalate(@Auth ApiPrincipal who, @PathParam("id") String id) {
        return act(who, new Command.Escalate(parseId(id)));
    }

    /** The body of {@code POST /api/v1/incidents/{id}/notes}. */
    public record NoteRequest(String text) {
    }

    @POST
    @Path("{id}/notes")
    @RolesAllowed("respond")
    @Consumes(MediaType.APPLICATION_JSON)
    public IncidentJson note(@Auth ApiPrincipal who, @PathParam("id") String id, NoteRequest body) {
        if (body == null || body.text() == null || body.text().isBlank()) {
            throw new BadRequestException("text: required (the note)");
        }
        FieldLimits.check("text", body.text(), FieldLimits.TEXT);
        return act(who, new Command.AddNote(parseId(id), body.text()));
    }

    /** The body of {@code PATCH /api/v1/incidents/{id}}: what to change, one or both. */
    public record TriageRequest(String severity, String summary) {
    }

    /** Changes the incident's severity or summary (its title), on the timeline with who did it (SPEC §4 triage). */
    @PATCH
    @Path("{id}")
    @RolesAllowed("respond")
    @Consumes(MediaType.APPLICATION_JSON)
    public IncidentJson triage(@Auth ApiPrincipal who, @PathParam("id") String id, TriageRequest body) {
        if (body == null || body.severity() == null && body.summary() == null) {
            throw new BadRequestException("severity or summary: required (what to change)");
        }
        Optional<String> severity = given("severity", body.severity(), FieldLimits.NAME);
        Optional<String> summary = given("summary", body.summary(), FieldLimits.TEXT);
        return act(who, new Command.Triage(parseId(id), severity, summary));
    }

    /** The body of {@code POST /api/v1/incidents/{id}/responders}. */
    public record ResponderRequest(String user) {
    }

    /** Pages a user from rules/ for the incident, whoever is on call (SPEC §4 triage). */
    @POST
    @Path("{id}/responders")
    @RolesAllowed("respond")
    @Consumes(MediaType.APPLICATION_JSON)
    public IncidentJson addResponder(@Auth ApiPrincipal who, @PathParam("id") String id, ResponderRequest body) {
        if (body == null || body.user() == null || body.user().isBlank()) {
            throw new BadRequestException("user: required (a user id from rules/)");
        }
        FieldLimits.check("user", body.user(), FieldLimits.NAME);
        return act(who, new Command.AddResponder(parseId(id), body.user()));
    }

    /** A field the request gave, not blank and within its limit; empty when it was not given. */
    private static Optional<String> given(String field, String value, int limit) {
        if (value == null) {
            return Optional.empty();
        }
        if (value.isBlank()) {
            throw new BadRequestException(field + ": must not be empty");
        }
        FieldLimits.check(field, value, limit);
        return Optional.of(value);
    }

    /** The command and the incident read back for the answer, on one database connection. */
    private IncidentJson act(ApiPrincipal who, Command command) {
        return store.oneConnection(() -> full(Commands.run(executor, who, command, Incident.class)));
    }

    private IncidentJson full(Incident i) {
        return IncidentJson.of(i, store.alerts(i.id()), store.timeline(i.id()));
    }

    static Set<IncidentStatus> statuses(String status) {
        if (status == null || status.isEmpty()) {
            return Set.of();
        }
        return switch (status) {
            case "open" -> EnumSet.of(IncidentStatus.TRIGGERED, IncidentStatus.ACKNOWLEDGED);
            case "triggered" -> EnumSet.of(IncidentStatus.TRIGGERED);
            case "acknowledged" -> EnumSet.of(IncidentStatus.ACKNOWLEDGED);
            case "resolved" -> EnumSet.of(IncidentStatus.RESOLVED);
            default -> throw new BadRequestException("status: \"" + status
                    + "\" (expected: open, triggered, acknowledged or resolved)");
        };
    }

    static long parseId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new NotFoundException("incident \"" + id + "\" does not exist");
        }
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("incident " + id + " does not exist");
    }
}
