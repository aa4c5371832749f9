package io.openlva.inference.image;

/** The bytes are not an image this service can read (bad data, unsupported format, size mismatch). */
public class ImageFormatException extends RuntimeException {

    public ImageFormatException(String message) {
        super(message);
    }

    public ImageFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
