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

    /**
     * YOLO's reference letterbox (Ultralytics LetterBox): scale to fit, inner size rounded to whole pixels, the pad
     * split in two with the odd pixel going right/bottom.
     */
    public static Letterbox yolo(int imageWidth, int imageHeight, int inputWidth, int inputHeight) {
        double scale = Math.min((double) inputWidth / imageWidth, (double) inputHeight / imageHeight);
        int innerW = clamp((int) Math.round(imageWidth * scale), inputWidth);
        int innerH = clamp((int) Math.round(imageHeight * scale), inputHeight);
        long left = Math.round((inputWidth - innerW) / 2.0 - 0.1);
        long top = Math.round((inputHeight - innerH) / 2.0 - 0.1);
        return new Letterbox(imageWidth, imageHeight, inputWidth, inputHeight, scale, left, top);
    }

    /** Width of the scaled image inside the input, whole pixels. */
    public int innerWidth() {
        return clamp((int) Math.round(imageWidth * scale), inputWidth);
    }

    public int innerHeight() {
        return clamp((int) Math.round(imageHeight * scale), inputHeight);
    }

    private static int clamp(int v, int max) {
        return Math.max(1, Math.min(max, v));
    }

    public double toImageX(double inputX) {
        return (inputX - padX) / scale;
    }

    public double toImageY(double inputY) {
        return (inputY - padY) / scale;
    }
}
