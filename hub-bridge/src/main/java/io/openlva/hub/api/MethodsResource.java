package io.openlva.hub.api;

import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.openlva.hub.methods.DirectMethods;
import io.smallrye.common.annotation.Blocking;

/** Direct methods over HTTP: for scripts that replay an LVA operations.json without IoT Hub. */
@Path("/api/methods")
@Tag(name = "Direct methods", description = "LVA/AVA direct methods: the method's status and payload")
@Blocking
public class MethodsResource {

    private final DirectMethods methods;

    public MethodsResource(DirectMethods methods) {
        this.methods = methods;
    }

    @POST
    @Path("/{methodName}")
    @Consumes({ MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, MediaType.WILDCARD })
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Invoke a direct method (GraphTopologySet, GraphInstanceActivate, pipelineTopologySet, ...)",
            description = "The body is the direct-method payload; the HTTP status is the method's status.")
    public CompletionStage<Response> invoke(@PathParam("methodName") String methodName, String payload) {
        return methods.invoke(methodName, payload).thenApply(Responses::of);
    }
}
