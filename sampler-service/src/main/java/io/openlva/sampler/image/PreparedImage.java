package io.openlva.sampler.image;

/** An encoded image ready for {@code media.frames}. */
public record PreparedImage(ImageRequest request, int width, int height, byte[] data) {

    public String contentType() {
        return request.encoding().contentType();
    }

    public String pixelFormatName() {
        return request.pixelFormat() == null ? null : request.pixelFormat().lvaName();
    }
}
