package io.openlva.graph.param;

/** A sealed parameter value that cannot be opened here (key missing or value altered); the message names no secret. */
public final class SealedParameterException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public SealedParameterException(String message) {
        super(message);
    }
}
