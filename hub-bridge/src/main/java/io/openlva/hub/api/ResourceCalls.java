package io.openlva.hub.api;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.graph.contract.Json;
import io.openlva.graph.model.ApiVersions;
import io.openlva.hub.graph.ErrorCodes;
import io.openlva.hub.graph.GraphLimits;
import io.openlva.hub.graph.MethodResult;
import io.openlva.hub.methods.DirectMethods;

/** Shared handling of the resource-style API: body parsing, name from the path, store failures. */
final class ResourceCalls {

    private ResourceCalls() {
    }

    static Response run(Supplier<MethodResult> call) {
        try {
            return Responses.of(call.get());
        } catch (RuntimeException e) {
            return Responses.of(DirectMethods.failure("resource call", e));
        }
    }

    /** A call that completes later (activation, deactivation): the request thread is not held meanwhile. */
    static CompletionStage<Response> runAsync(Supplier<CompletionStage<MethodResult>> call) {
        CompletionStage<MethodResult> result;
        try {
            result = call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(Responses.of(DirectMethods.failure("resource call", e)));
        }
        return result.exceptionally(e -> DirectMethods.failure("resource call", e)).thenApply(Responses::of);
    }

    /** Parses a PUT body, takes the name from the path, then runs the set operation. */
    static Response put(String name, String body, Function<JsonNode, MethodResult> set) {
        MethodResult tooLarge = GraphLimits.documentSize(body);
        if (tooLarge != null) {
            return Responses.of(tooLarge);
        }
        JsonNode payload;
        try {
            payload = body == null || body.isBlank() ? null : Json.read(body);
        } catch (RuntimeException e) {
            return Responses.of(MethodResult.error(400, ErrorCodes.INVALID_RESOURCE, "the body is not valid JSON"));
        }
        if (payload == null || !payload.isObject()) {
            return Responses.of(MethodResult.error(400, ErrorCodes.INVALID_RESOURCE, "the body must be a JSON object"));
        }
        ObjectNode doc = (ObjectNode) payload;
        JsonNode bodyName = doc.get("name");
        if (bodyName != null && !name.equals(bodyName.asText())) {
            return Responses.of(MethodResult.error(400, ErrorCodes.INVALID_RESOURCE,
                    "the body names '" + bodyName.asText() + "' but the path names '" + name + "'"));
        }
        doc.put("name", name);
        if (!doc.has("@apiVersion")) {
            doc.put("@apiVersion", ApiVersions.DEFAULT);
        }
        MethodResult versionError = DirectMethods.checkApiVersion(doc, ApiVersions.ALL);
        if (versionError != null) {
            return Responses.of(versionError);
        }
        return run(() -> set.apply(doc));
    }
}
