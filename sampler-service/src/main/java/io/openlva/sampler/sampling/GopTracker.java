package io.openlva.sampler.sampling;

/**
 * Learns a stream's keyframe interval and frame duration from packet timestamps, so the decoder can tell
 * when the rest of a GOP holds no frame anyone needs. A new stream is trusted after its first interval
 * (IP cameras use a fixed GOP); once a stream shows an interval that differs, or a keyframe comes late, it
 * must repeat the same interval {@link #STABLE_INTERVALS} times before it is trusted again.
 */
public final class GopTracker {

    /** Keyframe intervals that must agree (within a frame) before GOP skipping is trusted again. */
    static final int STABLE_INTERVALS = 3;

    private long lastKeyUs = Long.MIN_VALUE;
    private long gopUs = -1;
    private int agreeing;
    private boolean wasIrregular;
    private long lastPacketUs = Long.MIN_VALUE;
    private long frameUs = -1;

    /** Records one packet (in decode order). */
    public void observe(long mediaTimeUs, boolean keyframe) {
        if (lastPacketUs != Long.MIN_VALUE) {
            long d = mediaTimeUs - lastPacketUs;
            if (d > 0) {
                frameUs = frameUs < 0 ? d : (frameUs * 7 + d) / 8;
            }
        }
        lastPacketUs = mediaTimeUs;
        if (keyframe) {
            if (lastKeyUs != Long.MIN_VALUE && mediaTimeUs > lastKeyUs) {
                long interval = mediaTimeUs - lastKeyUs;
                if (gopUs > 0 && Math.abs(interval - gopUs) <= halfFrame()) {
                    agreeing++;
                } else {
                    wasIrregular |= gopUs > 0;
                    agreeing = 1;
                }
                gopUs = interval;
            } else if (lastKeyUs != Long.MIN_VALUE) {
                reset(); // time went backwards
            }
            lastKeyUs = mediaTimeUs;
        } else if (regular() && mediaTimeUs > expectedNextKeyUs() + halfFrame()) {
            agreeing = 0; // the keyframe we expected did not come: stop trusting the interval
            wasIrregular = true;
        }
    }

    public boolean regular() {
        return agreeing >= (wasIrregular ? STABLE_INTERVALS : 1) && gopUs > 0 && frameUs > 0;
    }

    public long lastKeyUs() {
        return lastKeyUs;
    }

    public long gopUs() {
        return gopUs;
    }

    public long frameUs() {
        return frameUs;
    }

    public long expectedNextKeyUs() {
        return lastKeyUs == Long.MIN_VALUE || gopUs <= 0 ? Long.MAX_VALUE : lastKeyUs + gopUs;
    }

    /** The media time of the last frame of the GOP that starts at the last keyframe. */
    public long gopLastFrameUs() {
        return expectedNextKeyUs() == Long.MAX_VALUE ? Long.MAX_VALUE : expectedNextKeyUs() - frameUs;
    }

    private long halfFrame() {
        return Math.max(1, frameUs / 2);
    }

    public void reset() {
        lastKeyUs = Long.MIN_VALUE;
        gopUs = -1;
        agreeing = 0;
        wasIrregular = false;
        lastPacketUs = Long.MIN_VALUE;
        frameUs = -1;
    }
}
