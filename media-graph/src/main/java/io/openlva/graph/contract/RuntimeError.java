package io.openlva.graph.contract;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.graph.model.Secrets;

/**
 * LVA/AVA's {@code Diagnostics.RuntimeError}: a node failed at run time in a way that is not a bad input (an
 * exception escaping its processing, a model that cannot run, a service that stopped running an active instance).
 * Bad input has its own events (MediaFormatError, ProtocolError, DataDropped). Body: {@code code} (the field AVA's
 * consumers read), the same value as {@code errorCode} (the field OpenLVA's other error events carry) and
 * {@code errorDetails} (URL credentials masked).
 */
public record RuntimeError(String code, String errorDetails) {

    /** An exception escaped the node's processing; the node stopped or restarted. */
    public static final String NODE_FAILED = "NodeFailed";
    /** A service stopped running its nodes of an instance that is active. */
    public static final String SERVICE_STOPPED = "ServiceStopped";

    public ObjectNode body() {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("code", code);
        body.put("errorCode", code);
        body.put("errorDetails", errorDetails == null ? "" : Secrets.maskUrlsIn(errorDetails));
        return body;
    }

    /** The event on {@code subject}: the failed node, or the instance when no one node failed. */
    public GraphEvent event(String lvaTopic, String instance, String subject, long mediaTimeUs) {
        return GraphEvent.of(lvaTopic, instance, subject, EventTypes.RUNTIME_ERROR, mediaTimeUs, body());
    }

    /** The text of a failure for {@code errorDetails}: its class and message. */
    public static String describe(Throwable failure) {
        String m = failure.getMessage();
        return failure.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }
}
