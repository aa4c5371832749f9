package io.openlva.inference.tracking;

import java.util.Locale;

/**
 * AVA's {@code accuracy} of an object tracker: how hard it works to keep an object's {@code sequenceId}. None of the
 * levels looks at pixels: boxes move with the motion model between detections, so frames between samples need only
 * their media time.
 *
 * @param optimal match tracks to detections by the best total overlap (Hungarian method) rather than greedily
 * @param minimumOverlap least IoU of a track's predicted box and a detection to match them
 * @param nearby also match a detection that does not overlap the predicted box but lies within one box height of it
 *     (fast or small objects between sparse detections)
 * @param missedDetections how many detections in a row may miss a track before it ends (it is not reported while
 *     missed, and keeps its {@code sequenceId} when found again)
 */
public record TrackingAccuracy(boolean optimal, double minimumOverlap, boolean nearby, int missedDetections) {

    public static final TrackingAccuracy LOW = new TrackingAccuracy(false, 0.3, false, 0);
    public static final TrackingAccuracy MEDIUM = new TrackingAccuracy(true, 0.2, false, 1);
    public static final TrackingAccuracy HIGH = new TrackingAccuracy(true, 0.1, true, 2);

    /** AVA's word (low, medium, high); absent: medium. */
    public static TrackingAccuracy of(String word) {
        return switch (word == null ? "medium" : word.toLowerCase(Locale.ROOT)) {
            case "low" -> LOW;
            case "medium" -> MEDIUM;
            case "high" -> HIGH;
            default -> throw new IllegalArgumentException("accuracy must be low, medium or high, not " + word);
        };
    }
}
