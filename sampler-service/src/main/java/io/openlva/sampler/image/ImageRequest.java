package io.openlva.sampler.image;

import java.util.Objects;

/**
 * What an extension node asked for in its {@code image} settings, in the sampler's terms. Equal requests
 * share one prepared image per frame.
 *
 * @param mode scale mode; NONE keeps the source size
 * @param quality JPEG quality 0-100
 * @param pixelFormat raw images only
 */
public record ImageRequest(ScaleGeometry.Mode mode, Integer width, Integer height, Encoding encoding,
        int quality, RawPixelFormat pixelFormat) {

    public enum Encoding {
        JPEG("image/jpeg"), BMP("image/bmp"), PNG("image/png"), RAW("image/x-raw");

        private final String contentType;

        Encoding(String contentType) {
            this.contentType = contentType;
        }

        public String contentType() {
            return contentType;
        }
    }

    public ImageRequest {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(encoding, "encoding");
        if (encoding == Encoding.RAW && pixelFormat == null) {
            throw new IllegalArgumentException("a raw image needs a pixel format");
        }
        if (encoding != Encoding.RAW) {
            pixelFormat = null;
        }
        if (encoding != Encoding.JPEG) {
            quality = 0;
        } else if (quality < 0 || quality > 100) {
            throw new IllegalArgumentException("JPEG quality must be 0-100: " + quality);
        }
    }

    /** LVA's spelling of the scale mode for the frame's header. */
    public String scaleModeName() {
        return switch (mode) {
            case NONE -> "none";
            case PRESERVE_ASPECT_RATIO -> "preserveAspectRatio";
            case PAD -> "pad";
            case STRETCH -> "stretch";
        };
    }
}
