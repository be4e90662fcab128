package dev.vigil.api;

import dev.vigil.config.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** {@code POST /-/reload}: reloads rules/; a refused reload answers 400 with every problem. */
@Path("/-/reload")
@Produces(MediaType.APPLICATION_JSON)
public final class ReloadResource {
    private final Supplier<List<Problem>> reload;

    public ReloadResource(Supplier<List<Problem>> reload) {
        this.reload = reload;
    }

    @POST
    @RolesAllowed("admin")
    public Response reload() {
        List<Problem> problems = reload.get();
        if (problems.isEmpty()) {
            return Response.ok(Map.of("status", "success")).build();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", 400);
        body.put("message", "reload refused: " + problems.size() + " problem(s) in rules/; the running rules stay in force");
        body.put("problems", problems.stream().map(Problem::toString).toList());
        return Response.status(400).entity(body).build();
    }
}
