package io.openlva.hub.api;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.openlva.hub.graph.GraphOperations;
import io.smallrye.common.annotation.Blocking;

/** Graph topologies (AVA: pipeline topologies) as resources; same rules and bodies as the direct methods. */
@Path("/api/topologies")
@Tag(name = "Topologies", description = "LVA graph topologies / AVA pipeline topologies")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class TopologiesResource {

    private final GraphOperations operations;

    public TopologiesResource(GraphOperations operations) {
        this.operations = operations;
    }

    @GET
    @Operation(summary = "List topologies", description = "{\"value\":[...]} as GraphTopologyList")
    public Response list() {
        return ResourceCalls.run(operations::listTopologies);
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "Get a topology (404 when absent)")
    public Response get(@PathParam("name") String name) {
        return ResourceCalls.run(() -> operations.getTopology(name));
    }

    @PUT
    @Path("/{name}")
    @Consumes({ MediaType.APPLICATION_JSON, MediaType.WILDCARD })
    @Operation(summary = "Create (201) or update (200) a topology",
            description = "Body: the GraphTopologySet / pipelineTopologySet payload; @apiVersion defaults to 2.0.")
    public Response put(@PathParam("name") String name, String body) {
        return ResourceCalls.put(name, body, operations::setTopology);
    }

    @DELETE
    @Path("/{name}")
    @Operation(summary = "Delete a topology (200, 204 when absent, 409 while instances use it)")
    public Response delete(@PathParam("name") String name) {
        return ResourceCalls.run(() -> operations.deleteTopology(name));
    }
}
