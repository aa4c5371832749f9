package io.openlva.ingest.rtsp;

import io.openlva.graph.contract.StreamKey;

/** What happens to a camera's sessions: LVA's diagnostics events and the metrics follow from these. */
public interface SessionListener {

    /** A session is up and media flows; {@code sdp} has no credentials. */
    void established(StreamKey key, String sdp, boolean reconnect);

    /** An attempt to connect failed; the puller retries after {@code retryInMs}. */
    void connectFailed(StreamKey key, SessionFailure failure, int attempt, long retryInMs);

    /** An established session ended; the puller reconnects after {@code retryInMs}. */
    void disconnected(StreamKey key, SessionFailure cause, long retryInMs);

    /** A packet went out. */
    void packet(StreamKey key, int bytes);
}
