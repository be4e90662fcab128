package dev.vigil.api;

import dev.vigil.probe.HeartbeatStore;
import dev.vigil.probe.ProbeResult;
import dev.vigil.probe.ProbeRunner;
import dev.vigil.probe.ProbeSpec;
import dev.vigil.probe.ProbeTarget;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/probes}: every declared probe with its last result; {@code POST /api/v1/heartbeats/{name}} and
 * {@code /fail}: a heartbeat probe's ping, or a failure reported at once (role {@code ingest}).
 */
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Path("/api/v1")
public final class ProbeResource {
    private final Supplier<Map<String, ProbeSpec>> probes;
    private final ProbeRunner runner;
    private final HeartbeatStore heartbeats;
    private final InstantSource clock;

    public ProbeResource(Supplier<Map<String, ProbeSpec>> probes, ProbeRunner runner, HeartbeatStore heartbeats,
                         InstantSource clock) {
        this.probes = probes;
        this.runner = runner;
        this.heartbeats = heartbeats;
        this.clock = clock;
    }

    /** A failure's message: what the job says went wrong. */
    public record FailRequest(String message) {
    }

    @GET
    @Path("probes")
    public List<Map<String, Object>> list() {
        Map<String, ProbeResult> latest = runner.latest();
        Map<String, Instant> since = runner.since();
        List<Map<String, Object>> out = new ArrayList<>();
        for (ProbeSpec p : new TreeMap<>(probes.get()).values()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("name", p.name());
            j.put("type", p.type());
            j.put("target", p.target().describe());
            j.put("labels", p.labels());
            ProbeResult r = latest.get(p.name());
            j.put("success", r == null ? null : r.success());
            j.put("at", r == null ? null : r.at().toString());
            j.put("since", Optional.ofNullable(since.get(p.name())).map(Instant::toString).orElse(null));
            j.put("durationSeconds", r == null ? null : r.observation().took().toNanos() / 1e9);
            j.put("conditions", r == null ? List.of() : r.conditions().stream().map(c -> Map.of("condition",
                    c.condition(), "success", c.success(), "observed", c.observed())).toList());
            j.put("failures", r == null ? List.of() : r.failures());
            out.add(j);
        }
        return out;
    }

    @POST
    @Path("heartbeats/{name}")
    @RolesAllowed("ingest")
    public Map<String, Object> ping(@Auth ApiPrincipal who, @PathParam("name") String name) {
        heartbeat(name);
        heartbeats.ping(name, clock.instant());
        runner.submit(name); // a probe that was failing clears now, not at its next interval
        return Map.of("heartbeat", name, "status", "pinged");
    }

    @POST
    @Path("heartbeats/{name}/fail")
    @RolesAllowed("ingest")
    public Map<String, Object> fail(@Auth ApiPrincipal who, @PathParam("name") String name, FailRequest body) {
        String message = body == null || body.message() == null ? "" : body.message();
        FieldLimits.check("message", message, FieldLimits.TEXT);
        heartbeat(name);
        heartbeats.fail(name, clock.instant(), message);
        runner.submit(name); // pages now, not at the probe's next interval
        return Map.of("heartbeat", name, "status", "failed");
    }

    private void heartbeat(String name) {
        ProbeSpec p = probes.get().get(name);
        if (p == null || !(p.target() instanceof ProbeTarget.Heartbeat)) {
            throw new NotFoundException("\"" + name + "\" is not a heartbeat probe in rules/");
        }
    }
}
