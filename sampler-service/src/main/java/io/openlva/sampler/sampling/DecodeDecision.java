package io.openlva.sampler.sampling;

/** What to do with one packet. */
public enum DecodeDecision {
    /** Decode it and look at the frame: someone may need it. */
    DECODE,
    /**
     * Nobody needs this frame, but a frame needed before the next keyframe may refer to it: decode it now (the
     * work is spread over the GOP); FFmpeg drops it if it is not a reference.
     */
    DECODE_REFERENCE_ONLY,
    /**
     * Not decoded now: the next keyframe is expected before any frame is needed, or the GOP is not known yet.
     * The packet is held; a keyframe makes it useless (dropped unread), a needed frame before that keyframe
     * has it decoded first (as a reference). So sparse sampling decodes keyframes only, from the first GOP on,
     * and a keyframe that comes late costs decode time, never a sample.
     */
    DEFER
}
