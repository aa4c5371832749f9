package io.openlva.sampler.image;

/**
 * Output size and placement of a scaled image, LVA's rules:
 * <ul>
 * <li>no scale: the source size;</li>
 * <li>{@code preserveAspectRatio}: one dimension given, the other follows the source's aspect; both given,
 * the image fits inside them;</li>
 * <li>{@code pad}: exactly the given size, the picture fitted inside and centred, black bars around;</li>
 * <li>{@code stretch}: exactly the given size.</li>
 * </ul>
 *
 * @param width output image width
 * @param height output image height
 * @param pictureX left of the picture inside the output (pad), else 0
 * @param pictureY top of the picture inside the output (pad), else 0
 * @param pictureWidth width of the picture inside the output
 * @param pictureHeight height of the picture inside the output
 */
public record ScaleGeometry(int width, int height, int pictureX, int pictureY, int pictureWidth, int pictureHeight) {

    public enum Mode {
        NONE, PRESERVE_ASPECT_RATIO, PAD, STRETCH
    }

    public boolean padded() {
        return pictureX != 0 || pictureY != 0 || pictureWidth != width || pictureHeight != height;
    }

    /**
     * @param evenOffsets place the picture on even offsets (4:2:0 chroma planes cannot start mid-pair)
     */
    public static ScaleGeometry of(Mode mode, Integer width, Integer height, int sourceWidth, int sourceHeight,
            boolean evenOffsets) {
        if (sourceWidth <= 0 || sourceHeight <= 0) {
            throw new IllegalArgumentException("no source size: " + sourceWidth + "x" + sourceHeight);
        }
        if (mode == null || mode == Mode.NONE || (width == null && height == null)) {
            return whole(sourceWidth, sourceHeight);
        }
        switch (mode) {
            case STRETCH -> {
                int w = need(width, "width", mode);
                int h = need(height, "height", mode);
                return whole(w, h);
            }
            case PRESERVE_ASPECT_RATIO -> {
                int[] fit = fit(width, height, sourceWidth, sourceHeight);
                return whole(fit[0], fit[1]);
            }
            case PAD -> {
                int w = need(width, "width", mode);
                int h = need(height, "height", mode);
                int[] fit = fit(w, h, sourceWidth, sourceHeight);
                int x = (w - fit[0]) / 2;
                int y = (h - fit[1]) / 2;
                if (evenOffsets) {
                    x &= ~1;
                    y &= ~1;
                }
                return new ScaleGeometry(w, h, x, y, fit[0], fit[1]);
            }
            default -> throw new IllegalArgumentException("unknown scale mode " + mode);
        }
    }

    private static ScaleGeometry whole(int w, int h) {
        return new ScaleGeometry(w, h, 0, 0, w, h);
    }

    private static int need(Integer v, String what, Mode mode) {
        if (v == null) {
            throw new IllegalArgumentException("scale mode " + mode + " needs a " + what);
        }
        if (v <= 0) {
            throw new IllegalArgumentException("image " + what + " must be > 0: " + v);
        }
        return v;
    }

    /** The largest size with the source's aspect ratio inside the given box (a missing side is unbounded). */
    static int[] fit(Integer width, Integer height, int sw, int sh) {
        if (width != null && width <= 0 || height != null && height <= 0) {
            throw new IllegalArgumentException("image width and height must be > 0: " + width + "x" + height);
        }
        if (height == null) {
            return new int[] { width, Math.max(1, (int) Math.round((double) width * sh / sw)) };
        }
        if (width == null) {
            return new int[] { Math.max(1, (int) Math.round((double) height * sw / sh)), height };
        }
        // compare aspect ratios exactly with integers: which side constrains
        if ((long) width * sh <= (long) height * sw) {
            return new int[] { width, Math.max(1, (int) Math.round((double) width * sh / sw)) };
        }
        return new int[] { Math.max(1, (int) Math.round((double) height * sw / sh)), height };
    }
}
