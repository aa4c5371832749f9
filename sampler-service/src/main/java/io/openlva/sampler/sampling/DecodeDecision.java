package io.openlva.sampler.sampling;

/** What to do with one packet. */
public enum DecodeDecision {
    /** Decode it and look at the frame: someone may need it. */
    DECODE,
    /** Nobody needs this frame, but later frames may refer to it: FFmpeg drops it if it is not a reference. */
    DECODE_REFERENCE_ONLY,
    /** Not sent to the decoder: no frame up to the next keyframe is needed (keyframe-only decoding). */
    SKIP
}
