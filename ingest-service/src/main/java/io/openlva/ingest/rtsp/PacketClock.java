package io.openlva.ingest.rtsp;

/**
 * Media timestamps of one session in microseconds. A camera's packet may come without a timestamp
 * (often the first one): it gets the previous timestamp plus one frame duration and is flagged as
 * derived. Timestamps never go backwards within a session: a packet stamped at or before the previous
 * one (a broken camera clock) is also derived, so consumers can rely on strictly increasing times.
 */
public final class PacketClock {

    /** Used until two timestamped packets show the real frame interval (25 fps). */
    static final long DEFAULT_FRAME_US = 40_000;

    private long lastUs = Long.MIN_VALUE;
    private long frameUs;
    private boolean derived;

    public PacketClock(long frameDurationUsHint) {
        this.frameUs = frameDurationUsHint > 0 ? frameDurationUsHint : DEFAULT_FRAME_US;
    }

    /**
     * The timestamp to publish for a packet.
     *
     * @param ptsUs the packet's timestamp, or {@code null} when the camera gave none
     */
    public long next(Long ptsUs) {
        long out;
        if (ptsUs == null || (lastUs != Long.MIN_VALUE && ptsUs <= lastUs)) {
            out = lastUs == Long.MIN_VALUE ? 0 : lastUs + frameUs;
            derived = true;
        } else {
            if (lastUs != Long.MIN_VALUE && !derived) {
                long interval = ptsUs - lastUs;
                if (interval > 0 && interval < 2_000_000) {
                    frameUs = interval;
                }
            }
            out = ptsUs;
            derived = false;
        }
        lastUs = out;
        return out;
    }

    /** Whether the timestamp returned by the last {@link #next} call was derived. */
    public boolean lastDerived() {
        return derived;
    }

    public long frameDurationUs() {
        return frameUs;
    }
}
