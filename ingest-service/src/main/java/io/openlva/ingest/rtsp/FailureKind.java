package io.openlva.ingest.rtsp;

import io.openlva.graph.contract.EventTypes;

/** Why a session could not start or ended, as LVA's diagnostics events name it. */
public enum FailureKind {
    /** 401: wrong or missing credentials. */
    AUTHENTICATION(EventTypes.AUTHENTICATION_ERROR),
    /** 403: the credentials are not allowed to play this stream. */
    AUTHORIZATION(EventTypes.AUTHORIZATION_ERROR),
    /** Connection refused, reset, timed out, name not resolved, stream ended. */
    NETWORK(EventTypes.NETWORK_ERROR),
    /** The server answered but not as RTSP expects (404, 454, bad SDP, TLS handshake failure...). */
    PROTOCOL(EventTypes.PROTOCOL_ERROR),
    /** The stream is not H.264/H.265 video. */
    MEDIA_FORMAT(EventTypes.MEDIA_FORMAT_ERROR);

    private final String eventType;

    FailureKind(String eventType) {
        this.eventType = eventType;
    }

    public String eventType() {
        return eventType;
    }
}
