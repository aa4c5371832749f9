package io.openlva.ingest.rtsp;

/**
 * A session that failed to start or broke: what kind of failure, an LVA-style error code and details
 * that never contain credentials.
 */
public final class SessionFailure extends Exception {

    private final FailureKind kind;
    private final String errorCode;

    public SessionFailure(FailureKind kind, String errorCode, String details) {
        super(RtspUrls.mask(details));
        this.kind = kind;
        this.errorCode = errorCode;
    }

    public FailureKind kind() {
        return kind;
    }

    public String errorCode() {
        return errorCode;
    }

    public String details() {
        return getMessage();
    }
}
