package io.openlva.inference.node;

/** A frame was not processed; {@code reason} is a short metric tag (e.g. extension-busy, timeout, bad-image). */
public class FrameDroppedException extends RuntimeException {

    private final String reason;

    public FrameDroppedException(String reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public FrameDroppedException(String reason, String message, Throwable cause) {
        super(message, cause, false, false);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
