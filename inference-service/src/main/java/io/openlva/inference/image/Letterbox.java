package io.openlva.inference.image;

/**
 * How an image was fitted into the model input: scaled by {@code scale} (aspect ratio kept) and padded by
 * {@code padX}/{@code padY} on the left/top, the remaining pad going right/bottom. Maps model-input pixel
 * coordinates back to image pixels.
 */
public record Letterbox(int imageWidth, int imageHeight, int inputWidth, int inputHeight, double scale, double padX,
        double padY) {

    public static Letterbox fit(int imageWidth, int imageHeight, int inputWidth, int inputHeight) {
        if (imageWidth == inputWidth && imageHeight == inputHeight) {
            return new Letterbox(imageWidth, imageHeight, inputWidth, inputHeight, 1, 0, 0);
        }
        double scale = Math.min((double) inputWidth / imageWidth, (double) inputHeight / imageHeight);
        double padX = (inputWidth - imageWidth * scale) / 2;
        double padY = (inputHeight - imageHeight * scale) / 2;
        return new Letterbox(imageWidth, imageHeight, inputWidth, inputHeight, scale, padX, padY);
    }

    public double toImageX(double inputX) {
        return (inputX - padX) / scale;
    }

    public double toImageY(double inputY) {
        return (inputY - padY) / scale;
    }
}
