package io.openlva.inference.image;

/** A decoded image: interleaved 8-bit RGB, row-major, no padding. */
public record RgbImage(int width, int height, byte[] rgb) {

    public RgbImage {
        if (width <= 0 || height <= 0 || rgb.length < width * height * 3) {
            throw new IllegalArgumentException("bad RGB image " + width + "x" + height + " with " + rgb.length + " bytes");
        }
    }
}
