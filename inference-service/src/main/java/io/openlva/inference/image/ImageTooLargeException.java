package io.openlva.inference.image;

/** An image that declares more pixels than the cap: refused before its pixels are decoded (HTTP 413). */
public final class ImageTooLargeException extends ImageFormatException {

    public ImageTooLargeException(long width, long height, long maxPixels) {
        super("image of " + width + "x" + height + " pixels exceeds the limit of " + maxPixels + " pixels");
    }
}
