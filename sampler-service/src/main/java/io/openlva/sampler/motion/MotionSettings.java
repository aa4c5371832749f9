package io.openlva.sampler.motion;

import java.util.Locale;

/**
 * How hard the detector looks, per LVA sensitivity level.
 *
 * @param pixelThreshold grey-level difference from the background that counts as a changed pixel
 * @param minRegionFraction smallest region, as a fraction of the frame, reported as motion
 */
public record MotionSettings(int pixelThreshold, double minRegionFraction) {

    public static final MotionSettings LOW = new MotionSettings(35, 0.006);
    public static final MotionSettings MEDIUM = new MotionSettings(22, 0.002);
    public static final MotionSettings HIGH = new MotionSettings(14, 0.0006);

    /** LVA's {@code sensitivity}: low, medium (the default) or high. */
    public static MotionSettings forSensitivity(String sensitivity) {
        if (sensitivity == null) {
            return MEDIUM;
        }
        return switch (sensitivity.toLowerCase(Locale.ROOT)) {
            case "low" -> LOW;
            case "high" -> HIGH;
            default -> MEDIUM;
        };
    }
}
