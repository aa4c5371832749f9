package io.openlva.inference.image;

import java.util.Locale;

import io.openlva.graph.contract.Inferences.Box;

/**
 * How the frame image relates to the original camera frame, from the frame headers: with {@code pad} the sampler
 * letterboxed the source (centered, aspect kept) so boxes must drop the bars; with stretch, preserveAspectRatio or
 * none, relative coordinates in the image are relative coordinates in the source.
 */
public record FrameGeometry(int imageWidth, int imageHeight, String scaleMode, int sourceWidth, int sourceHeight) {

    public boolean padded() {
        return scaleMode != null && scaleMode.toLowerCase(Locale.ROOT).equals("pad") && sourceWidth > 0 && sourceHeight > 0
                && (sourceWidth * (long) imageHeight != sourceHeight * (long) imageWidth);
    }

    /** A box in image pixels (corners) as a normalized box on the original frame, clamped to 0–1. */
    public Box normalize(double x1, double y1, double x2, double y2) {
        if (padded()) {
            Letterbox lb = Letterbox.fit(sourceWidth, sourceHeight, imageWidth, imageHeight);
            double l = lb.toImageX(x1) / sourceWidth;
            double t = lb.toImageY(y1) / sourceHeight;
            double r = lb.toImageX(x2) / sourceWidth;
            double b = lb.toImageY(y2) / sourceHeight;
            return box(l, t, r, b);
        }
        return box(x1 / imageWidth, y1 / imageHeight, x2 / imageWidth, y2 / imageHeight);
    }

    private static Box box(double l, double t, double r, double b) {
        double cl = clamp(l);
        double ct = clamp(t);
        return new Box(cl, ct, clamp(r) - cl, clamp(b) - ct);
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
