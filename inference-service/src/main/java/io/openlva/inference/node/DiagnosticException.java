package io.openlva.inference.node;

/**
 * A frame was dropped because of something LVA reports as a diagnostics event on the node (e.g. an extension that
 * broke the protocol: {@code ProtocolError}); the frame processor publishes the event and counts the drop.
 */
public class DiagnosticException extends FrameDroppedException {

    private final String eventType;
    private final String errorCode;

    /**
     * @param eventType an {@link io.openlva.graph.contract.EventTypes} diagnostics type
     * @param errorCode the event's {@code errorCode}
     */
    public DiagnosticException(String eventType, String errorCode, String reason, String message) {
        super(reason, message);
        this.eventType = eventType;
        this.errorCode = errorCode;
    }

    public String eventType() {
        return eventType;
    }

    public String errorCode() {
        return errorCode;
    }
}
