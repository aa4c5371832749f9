package io.openlva.sampler.image;

import static org.bytedeco.ffmpeg.global.swscale.*;

/**
 * The swscale filter for extension images. {@code fast-bilinear} is what inference pre-processing usually
 * does (OpenCV's INTER_LINEAR) and costs about a fifth of {@code bilinear} on a 1080p-to-416 downscale;
 * {@code area} and {@code bicubic} trade CPU for smoother downscaled pictures.
 */
public enum ScaleAlgorithm {
    FAST_BILINEAR(SWS_FAST_BILINEAR), BILINEAR(SWS_BILINEAR), AREA(SWS_AREA), BICUBIC(SWS_BICUBIC);

    private final int swsFlags;

    ScaleAlgorithm(int swsFlags) {
        this.swsFlags = swsFlags;
    }

    public int swsFlags() {
        return swsFlags;
    }
}
