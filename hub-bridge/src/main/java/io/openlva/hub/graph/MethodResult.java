package io.openlva.hub.graph;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.openlva.graph.contract.Json;
import io.openlva.graph.validate.ErrorBody;
import io.openlva.graph.validate.ErrorDetail;

/** What a graph operation answers: LVA's direct-method status and payload (null when LVA sent none). */
public record MethodResult(int status, JsonNode payload) {

    public static MethodResult ok(JsonNode payload) {
        return new MethodResult(200, payload);
    }

    public static MethodResult error(int status, ErrorBody body) {
        return new MethodResult(status, Json.read(String.valueOf(body.toJson())));
    }

    public static MethodResult error(int status, String code, String message) {
        return error(status, new ErrorBody(code, message, List.of()));
    }

    public static MethodResult error(int status, String code, String message, ErrorDetail detail) {
        return error(status, new ErrorBody(code, message, List.of(detail)));
    }

    /** The error code of an error result, or null. */
    public String errorCode() {
        return payload != null && payload.has("error") ? payload.path("error").path("code").asText(null) : null;
    }
}
