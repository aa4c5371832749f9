package io.openlva.sampler.sampling;

/**
 * Decides per packet how much decoding a stream needs, from the earliest media time any consumer can take a
 * sample at. A packet whose frame is needed is decoded. An earlier one is decoded right away, as a reference,
 * only when the stream's keyframe interval is known and the needed frame is due before the next keyframe;
 * otherwise it is deferred ({@link DecodeDecision#DEFER}), so nothing is decoded for a GOP in which no frame
 * is needed, and nothing has to be learnt first: the keyframe flags of the packets decide. Deferring costs
 * latency only where the interval is unknown (a new stream, an irregular camera): the held packets are
 * decoded in one go when a needed frame arrives.
 */
public final class DecodePolicy {

    private final GopTracker gop = new GopTracker();

    /**
     * @param neededFromUs earliest media time a consumer can take a frame at ({@link Long#MIN_VALUE}: now)
     */
    public DecodeDecision decide(long mediaTimeUs, boolean keyframe, long neededFromUs) {
        gop.observe(mediaTimeUs, keyframe);
        if (!early(mediaTimeUs, neededFromUs)) {
            return DecodeDecision.DECODE;
        }
        // the needed frame lies in this GOP: decode as the packets come rather than in a burst when it arrives
        if (gop.regular() && neededFromUs <= gop.gopLastFrameUs() + halfFrame()) {
            return DecodeDecision.DECODE_REFERENCE_ONLY;
        }
        return DecodeDecision.DEFER;
    }

    /** Whether a frame at {@code mediaTimeUs} comes before any consumer could take it. */
    public boolean early(long mediaTimeUs, long neededFromUs) {
        return neededFromUs != Long.MIN_VALUE && mediaTimeUs < neededFromUs - halfFrame();
    }

    private long halfFrame() {
        return Math.max(1, gop.frameUs() / 2);
    }

    /** Forget what was learnt (new session, decoder reset). */
    public void reset() {
        gop.reset();
    }

    public GopTracker gop() {
        return gop;
    }
}
