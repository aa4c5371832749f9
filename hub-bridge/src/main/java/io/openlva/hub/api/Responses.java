package io.openlva.hub.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.openlva.hub.graph.MethodResult;

/** A method result as an HTTP response: the method's status, its payload as the body. */
final class Responses {

    private Responses() {
    }

    static Response of(MethodResult result) {
        Response.ResponseBuilder b = Response.status(result.status());
        if (result.payload() != null && result.status() != 204) {
            b.type(MediaType.APPLICATION_JSON).entity(result.payload());
        }
        return b.build();
    }
}
