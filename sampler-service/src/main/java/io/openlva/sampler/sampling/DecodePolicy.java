package io.openlva.sampler.sampling;

/**
 * Decides per packet how much decoding a stream needs, from the earliest media time any consumer can take
 * a sample at. Frames before that time are decoded only as references; once no frame left in a GOP is
 * needed, the packets up to the next keyframe are not decoded at all, and a whole GOP is skipped when even
 * its keyframe comes too early (so sparse sampling decodes keyframes only). Skipping is trusted only on
 * streams with a regular keyframe interval, so an irregular camera costs CPU rather than samples.
 */
public final class DecodePolicy {

    private final GopTracker gop = new GopTracker();
    private boolean skippingGop;

    /**
     * @param neededFromUs earliest media time a consumer can take a frame at ({@link Long#MIN_VALUE}: now;
     *     {@link Long#MAX_VALUE}: never)
     */
    public DecodeDecision decide(long mediaTimeUs, boolean keyframe, long neededFromUs) {
        gop.observe(mediaTimeUs, keyframe);
        long halfFrame = Math.max(1, gop.frameUs() / 2);
        if (keyframe) {
            skippingGop = false;
        }
        if (!skippingGop && gop.regular() && neededFromUs != Long.MIN_VALUE
                && neededFromUs > gop.gopLastFrameUs() + halfFrame) {
            skippingGop = true; // no frame left in this GOP is needed
        }
        if (skippingGop) {
            return DecodeDecision.SKIP;
        }
        return neededFromUs != Long.MIN_VALUE && mediaTimeUs < neededFromUs - halfFrame
                ? DecodeDecision.DECODE_REFERENCE_ONLY
                : DecodeDecision.DECODE;
    }

    /** True while packets are skipped up to the next keyframe. */
    public boolean skippingToKeyframe() {
        return skippingGop;
    }

    /** Forget what was learnt (new session, decoder reset). */
    public void reset() {
        gop.reset();
        skippingGop = false;
    }

    public GopTracker gop() {
        return gop;
    }
}
