package io.openlva.hub.api;

import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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

/** Graph instances (AVA: live pipelines) as resources; same rules and bodies as the direct methods. */
@Path("/api/instances")
@Tag(name = "Instances", description = "LVA graph instances / AVA live pipelines")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class InstancesResource {

    private final GraphOperations operations;

    public InstancesResource(GraphOperations operations) {
        this.operations = operations;
    }

    @GET
    @Operation(summary = "List instances", description = "{\"value\":[...]} as GraphInstanceList")
    public Response list() {
        return ResourceCalls.run(operations::listInstances);
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "Get an instance (404 when absent)")
    public Response get(@PathParam("name") String name) {
        return ResourceCalls.run(() -> operations.getInstance(name));
    }

    @PUT
    @Path("/{name}")
    @Consumes({ MediaType.APPLICATION_JSON, MediaType.WILDCARD })
    @Operation(summary = "Create (201) or update (200) an inactive instance",
            description = "Body: the GraphInstanceSet / livePipelineSet payload; @apiVersion defaults to 2.0.")
    public Response put(@PathParam("name") String name, String body) {
        return ResourceCalls.put(name, body, operations::setInstance);
    }

    @DELETE
    @Path("/{name}")
    @Operation(summary = "Delete an inactive instance (200, 204 when absent, 409 while active)")
    public Response delete(@PathParam("name") String name) {
        return ResourceCalls.run(() -> operations.deleteInstance(name));
    }

    @POST
    @Path("/{name}/activate")
    @Operation(summary = "Activate: Activating, then Active once the services report they run it")
    public CompletionStage<Response> activate(@PathParam("name") String name) {
        return ResourceCalls.runAsync(() -> operations.activate(name));
    }

    @POST
    @Path("/{name}/deactivate")
    @Operation(summary = "Deactivate: Deactivating, then Inactive once the services report they stopped it")
    public CompletionStage<Response> deactivate(@PathParam("name") String name) {
        return ResourceCalls.runAsync(() -> operations.deactivate(name));
    }
}
