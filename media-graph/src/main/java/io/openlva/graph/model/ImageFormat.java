package io.openlva.graph.model;

/**
 * @param quality     JPEG quality 1-100, nullable (encoder default)
 * @param pixelFormat RAW only
 */
public record ImageFormat(ImageEncoding encoding, Integer quality, PixelFormat pixelFormat) {

    public static final ImageFormat JPEG_DEFAULT = new ImageFormat(ImageEncoding.JPEG, null, null);
}
