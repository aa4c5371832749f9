package io.openlva.inference.tracking;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;

import io.openlva.graph.contract.Inferences;

/**
 * SORT-like multi-object tracker of one stream: on a detection frame the tracks' boxes, moved on by their motion
 * model ({@link BoxFilter}), are matched to the detections by overlap and the same tag; a matched track takes the
 * detection, a detection without a track starts one with a new {@code sequenceId}, a track missed by more
 * detections than its accuracy allows ends. Between detections every track still reported moves with its model.
 * A track is reported only while its last detection frame found it: AVA stops tracking objects the detector no
 * longer finds. Not thread-safe: one stream's frames come in order on one thread.
 */
public final class ObjectTracker {

    /** A track without a detection for this long ends (the detector stalled or its frames were dropped). */
    static final long MAX_COAST_US = 3_000_000;

    /** One tracked object on one frame. */
    public record Tracked(String sequenceId, String inferenceId, Inferences.Entity entity) {
    }

    private static final class Track {
        final String sequenceId = newId();
        final BoxFilter filter;
        String tag;
        double confidence;
        int misses;
        long predictedUs;
        long detectedUs;

        Track(Inferences.Entity e, long t) {
            Inferences.Box b = e.box();
            filter = new BoxFilter(b.l() + b.w() / 2, b.t() + b.h() / 2, b.w(), b.h());
            tag = e.tag();
            confidence = e.confidence();
            predictedUs = t;
            detectedUs = t;
        }

        void predict(long t) {
            if (t > predictedUs) {
                filter.predict((t - predictedUs) / 1e6);
                predictedUs = t;
            }
        }

        Inferences.Box box() {
            return new Inferences.Box(filter.cx() - filter.w() / 2, filter.cy() - filter.h() / 2, filter.w(), filter.h());
        }
    }

    private final TrackingAccuracy accuracy;
    private final List<Track> tracks = new ArrayList<>();

    public ObjectTracker(TrackingAccuracy accuracy) {
        this.accuracy = accuracy;
    }

    /** A frame the detector ran on, with what it found (possibly nothing). */
    public List<Tracked> detected(long mediaTimeUs, List<Inferences.Entity> detections) {
        tracks.forEach(t -> t.predict(mediaTimeUs));
        double[][] score = new double[tracks.size()][detections.size()];
        for (int i = 0; i < tracks.size(); i++) {
            Track t = tracks.get(i);
            Inferences.Box predicted = t.box();
            for (int j = 0; j < detections.size(); j++) {
                Inferences.Entity d = detections.get(j);
                score[i][j] = t.tag.equals(d.tag()) ? score(predicted, d.box()) : -1;
            }
        }
        List<Assignment.Match> matches = accuracy.optimal()
                ? Assignment.optimal(score, accuracy.minimumOverlap())
                : Assignment.greedy(score, accuracy.minimumOverlap());
        boolean[] trackMatched = new boolean[tracks.size()];
        Inferences.Entity[] matchedDetection = new Inferences.Entity[tracks.size()];
        boolean[] detectionMatched = new boolean[detections.size()];
        for (Assignment.Match m : matches) {
            trackMatched[m.track()] = true;
            detectionMatched[m.detection()] = true;
            matchedDetection[m.track()] = detections.get(m.detection());
        }
        List<Tracked> out = new ArrayList<>();
        List<Track> kept = new ArrayList<>();
        for (int i = 0; i < tracks.size(); i++) {
            Track t = tracks.get(i);
            if (trackMatched[i]) {
                Inferences.Entity d = matchedDetection[i];
                Inferences.Box b = d.box();
                t.filter.update(b.l() + b.w() / 2, b.t() + b.h() / 2, b.w(), b.h());
                t.misses = 0;
                t.confidence = d.confidence();
                t.detectedUs = mediaTimeUs;
                kept.add(t);
                out.add(new Tracked(t.sequenceId, newId(), new Inferences.Entity(t.tag, t.confidence, b)));
            } else if (++t.misses <= accuracy.missedDetections()) {
                kept.add(t);
            }
        }
        for (int j = 0; j < detections.size(); j++) {
            if (!detectionMatched[j]) {
                Track t = new Track(detections.get(j), mediaTimeUs);
                kept.add(t);
                out.add(new Tracked(t.sequenceId, newId(), detections.get(j)));
            }
        }
        tracks.clear();
        tracks.addAll(kept);
        return out;
    }

    /** A frame between detections: the reported tracks, moved on to its media time. */
    public List<Tracked> between(long mediaTimeUs) {
        List<Tracked> out = new ArrayList<>();
        for (Iterator<Track> it = tracks.iterator(); it.hasNext();) {
            Track t = it.next();
            if (mediaTimeUs - t.detectedUs > MAX_COAST_US) {
                it.remove();
                continue;
            }
            t.predict(mediaTimeUs);
            if (t.misses == 0) {
                out.add(new Tracked(t.sequenceId, newId(), new Inferences.Entity(t.tag, t.confidence, t.box())));
            }
        }
        return out;
    }

    /** Tracks held (reported or waiting to be found again). */
    public int size() {
        return tracks.size();
    }

    private double score(Inferences.Box predicted, Inferences.Box detected) {
        double iou = iou(predicted, detected);
        if (iou > 0 || !accuracy.nearby()) {
            return iou;
        }
        // no overlap: a detection within one box height still matches, at the least score that matches
        double dx = (predicted.l() + predicted.w() / 2) - (detected.l() + detected.w() / 2);
        double dy = (predicted.t() + predicted.h() / 2) - (detected.t() + detected.h() / 2);
        double reach = Math.max(predicted.h(), detected.h());
        double d = Math.hypot(dx, dy);
        return d < reach ? accuracy.minimumOverlap() + 1e-6 * (1 - d / reach) : 0;
    }

    static double iou(Inferences.Box a, Inferences.Box b) {
        double x1 = Math.max(a.l(), b.l());
        double y1 = Math.max(a.t(), b.t());
        double x2 = Math.min(a.l() + a.w(), b.l() + b.w());
        double y2 = Math.min(a.t() + a.h(), b.t() + b.h());
        double inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
        double union = a.w() * a.h() + b.w() * b.h() - inter;
        return union <= 0 ? 0 : inter / union;
    }

    /** AVA's ids: 32 lowercase hex digits, no dashes. */
    static String newId() {
        UUID u = UUID.randomUUID();
        return String.format("%016x%016x", u.getMostSignificantBits(), u.getLeastSignificantBits());
    }
}
