package dev.vigil.api;

import dev.vigil.command.Command;
import dev.vigil.command.CommandExecutor;
import dev.vigil.release.Pipeline;
import dev.vigil.release.ReleaseRun;
import dev.vigil.release.ReleaseService;
import dev.vigil.release.StepStatus;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** {@code /api/v1/releases}: start a run, report a step, show a run. */
@Path("/api/v1/releases")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class ReleaseResource {
    private final ReleaseService releases;

    private final CommandExecutor executor;

    public ReleaseResource(ReleaseService releases, CommandExecutor executor) {
        this.releases = releases;
        this.executor = executor;
    }

    @POST
    @RolesAllowed("ingest")
    public Response start(@Auth ApiPrincipal who, ReleaseJson.StartRequest body) {
        if (body == null || blank(body.pipeline())) {
            throw new BadRequestException("pipeline: required (the name of a release pipeline in rules/)");
        }
        if (blank(body.version())) {
            throw new BadRequestException("version: required (what is being released, e.g. 2026.11.22)");
        }
        FieldLimits.check("pipeline", body.pipeline(), FieldLimits.NAME);
        FieldLimits.check("version", body.version(), FieldLimits.NAME);
        if (releases.pipeline(body.pipeline()).isEmpty()) {
            throw new BadRequestException("pipeline: \"" + body.pipeline() + "\" is not a release pipeline in rules/");
        }
        ReleaseRun run = Commands.run(executor, who, new Command.StartRelease(body.pipeline(), body.version()),
                ReleaseRun.class);
        return Response.created(URI.create("/api/v1/releases/" + run.id())).entity(json(run)).build();
    }

    /** {@code GET /api/v1/releases?pipeline=NAME&limit=N}: recent runs, newest first, every step's state. */
    @GET
    public List<ReleaseJson> list(@QueryParam("pipeline") String pipeline, @QueryParam("limit") String limit) {
        long n = QueryParams.number("limit", limit, 20, 1, 1000);
        Optional<String> name = Optional.ofNullable(pipeline).filter(p -> !p.isBlank());
        if (name.isPresent() && releases.pipeline(name.get()).isEmpty()) {
            throw new BadRequestException("pipeline: \"" + name.get() + "\" is not a release pipeline in rules/");
        }
        return releases.recent(name, (int) n).stream()
                .flatMap(run -> releases.pipelineOf(run).map(p -> ReleaseJson.of(p, run, releases.plan(p, run))).stream())
                .toList();
    }

    @GET
    @Path("{run}")
    public ReleaseJson get(@PathParam("run") String run) {
        return json(find(run));
    }

    @POST
    @Path("{run}/steps/{step}")
    @RolesAllowed("ingest")
    public ReleaseJson report(@Auth ApiPrincipal who, @PathParam("run") String runId, @PathParam("step") String stepId,
                              ReleaseJson.StepRequest body) {
        long run = runId(runId); // the executor finds the run and its step (404 when either is not there)
        if (body == null || blank(body.status())) {
            throw new BadRequestException("status: required (running, succeeded or failed)");
        }
        FieldLimits.check("message", body.message(), FieldLimits.TEXT);
        FieldLimits.check("url", body.url(), FieldLimits.TEXT);
        StepStatus status = StepStatus.parse(body.status()).orElseThrow(() -> new BadRequestException(
                "status: \"" + body.status() + "\" (expected: running, succeeded or failed)"));
        ReleaseRun updated = Commands.run(executor, who, new Command.ReportStep(run, stepId, status,
                nonNull(body.message()), nonNull(body.url())), ReleaseRun.class);
        return json(updated);
    }

    private static long runId(String run) {
        try {
            return Long.parseLong(run);
        } catch (NumberFormatException e) {
            throw new NotFoundException("release run \"" + run + "\" does not exist");
        }
    }

    private ReleaseRun find(String run) {
        try {
            return releases.find(Long.parseLong(run)).orElseThrow(() -> new NotFoundException("release run " + run + " does not exist"));
        } catch (NumberFormatException e) {
            throw new NotFoundException("release run \"" + run + "\" does not exist");
        }
    }

    private Pipeline pipeline(ReleaseRun run) {
        return releases.pipelineOf(run).orElseThrow(() -> new NotFoundException(
                "pipeline " + run.pipeline() + " of run " + run.id() + " is no longer in rules/"));
    }

    private ReleaseJson json(ReleaseRun run) {
        Pipeline p = pipeline(run);
        return ReleaseJson.of(p, run, releases.plan(p, run));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
