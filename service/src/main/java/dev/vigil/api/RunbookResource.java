package dev.vigil.api;

import dev.vigil.runbook.RunbookCatalog;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.function.Supplier;

/** {@code /runbooks/{id}}: a runbook rendered as HTML, where incident links point by default. */
@Path("/runbooks")
public final class RunbookResource {
    private final Supplier<RunbookCatalog> catalog;

    public RunbookResource(Supplier<RunbookCatalog> catalog) {
        this.catalog = catalog;
    }

    @GET
    @Path("{id: .+}")
    @Produces(MediaType.TEXT_HTML)
    public String get(@PathParam("id") String id) {
        return catalog.get().html(id).orElseThrow(() -> new NotFoundException("runbook \"" + id + "\" does not exist"));
    }
}
