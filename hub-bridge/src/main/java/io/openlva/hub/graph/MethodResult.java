package io.openlva.hub.graph;

import java.util.List;

import io.openlva.graph.validate.ErrorBody;
import io.openlva.graph.validate.ErrorDetail;

/**
 * What a graph operation answers: LVA's direct-method status and payload, the payload as JSON text (null when LVA
 * sent none). Text, not a tree: answers are written once from the parsed document and sent as they are.
 */
public record MethodResult(int status, String payload) {

    public static MethodResult ok(String payload) {
        return new MethodResult(200, payload);
    }

    public static MethodResult error(int status, ErrorBody body) {
        return new MethodResult(status, body.toJson());
    }

    public static MethodResult error(int status, String code, String message) {
        return error(status, new ErrorBody(code, message, List.of()));
    }

    public static MethodResult error(int status, String code, String message, ErrorDetail detail) {
        return error(status, new ErrorBody(code, message, List.of(detail)));
    }
}
