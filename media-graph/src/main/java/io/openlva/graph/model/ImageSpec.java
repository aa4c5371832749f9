package io.openlva.graph.model;

import java.util.Objects;

/**
 * How frames are prepared for an extension.
 *
 * @param scale  nullable: original size
 * @param format never null: JPEG when absent
 */
public record ImageSpec(ImageScale scale, ImageFormat format) {

    public static final ImageSpec DEFAULT = new ImageSpec(null, ImageFormat.JPEG_DEFAULT);

    public ImageSpec {
        format = Objects.requireNonNullElse(format, ImageFormat.JPEG_DEFAULT);
    }
}
