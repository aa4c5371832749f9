package io.openlva.inference.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.openlva.graph.contract.Inferences;

/** The tracker's rules on made-up detections: ids kept, boxes moved between detections, tracks ended. */
class ObjectTrackerTest {

    private static Inferences.Entity person(double l, double t) {
        return new Inferences.Entity("person", 0.9, new Inferences.Box(l, t, 0.05, 0.15));
    }

    @Test
    void aWalkingPersonKeepsItsSequenceIdAndMovesBetweenDetections() {
        ObjectTracker tracker = new ObjectTracker(TrackingAccuracy.MEDIUM);
        String id = tracker.detected(0, List.of(person(0.10, 0.4))).get(0).sequenceId();
        assertThat(tracker.detected(500_000, List.of(person(0.12, 0.4))).get(0).sequenceId()).isEqualTo(id);
        List<ObjectTracker.Tracked> between = tracker.between(600_000);
        assertThat(between).singleElement().satisfies(t -> {
            assertThat(t.sequenceId()).isEqualTo(id);
            // moving right at about 0.04/s: a little right of the last detection
            assertThat(t.entity().box().l()).isGreaterThan(0.12).isLessThan(0.13);
        });
        assertThat(tracker.detected(1_000_000, List.of(person(0.14, 0.4))).get(0).sequenceId()).isEqualTo(id);
    }

    @Test
    void twoPeopleCrossingPathsKeepTheirOwnIds() {
        ObjectTracker tracker = new ObjectTracker(TrackingAccuracy.MEDIUM);
        List<ObjectTracker.Tracked> first = tracker.detected(0, List.of(person(0.10, 0.4), person(0.30, 0.4)));
        tracker.detected(250_000, List.of(person(0.12, 0.4), person(0.28, 0.4)));
        // walking towards each other, then side by side (boxes overlapping each other), then past
        tracker.detected(500_000, List.of(person(0.26, 0.4), person(0.14, 0.4)));
        tracker.detected(1_000_000, List.of(person(0.21, 0.4), person(0.19, 0.4)));
        List<ObjectTracker.Tracked> past = tracker.detected(1_500_000, List.of(person(0.16, 0.4), person(0.24, 0.4)));
        String leftToRight = past.stream().filter(t -> t.entity().box().l() > 0.2).findFirst().orElseThrow().sequenceId();
        String rightToLeft = past.stream().filter(t -> t.entity().box().l() < 0.2).findFirst().orElseThrow().sequenceId();
        assertThat(leftToRight).isEqualTo(first.get(0).sequenceId());
        assertThat(rightToLeft).isEqualTo(first.get(1).sequenceId());
    }

    @Test
    void aTrackMissedByADetectionIsNotReportedAndEndsAfterTheMissesItsAccuracyAllows() {
        ObjectTracker tracker = new ObjectTracker(TrackingAccuracy.MEDIUM);
        String id = tracker.detected(0, List.of(person(0.10, 0.4))).get(0).sequenceId();
        assertThat(tracker.detected(500_000, List.of())).isEmpty();
        assertThat(tracker.between(600_000)).as("not detected any more: not reported").isEmpty();
        // found again after one miss: same id
        assertThat(tracker.detected(1_000_000, List.of(person(0.10, 0.4))).get(0).sequenceId()).isEqualTo(id);
        tracker.detected(1_500_000, List.of());
        tracker.detected(2_000_000, List.of());
        assertThat(tracker.size()).isZero();
        assertThat(tracker.detected(2_500_000, List.of(person(0.10, 0.4))).get(0).sequenceId()).isNotEqualTo(id);
    }

    @Test
    void lowAccuracyEndsATrackAtItsFirstMiss() {
        ObjectTracker tracker = new ObjectTracker(TrackingAccuracy.LOW);
        String id = tracker.detected(0, List.of(person(0.10, 0.4))).get(0).sequenceId();
        tracker.detected(500_000, List.of());
        assertThat(tracker.detected(1_000_000, List.of(person(0.10, 0.4))).get(0).sequenceId()).isNotEqualTo(id);
    }

    @Test
    void highAccuracyFollowsAnObjectThatMovedPastItsBoxBetweenDetections() {
        ObjectTracker high = new ObjectTracker(TrackingAccuracy.HIGH);
        ObjectTracker medium = new ObjectTracker(TrackingAccuracy.MEDIUM);
        String h = high.detected(0, List.of(person(0.10, 0.4))).get(0).sequenceId();
        String m = medium.detected(0, List.of(person(0.10, 0.4))).get(0).sequenceId();
        // a jump of 1.2 box widths, within one box height: no overlap
        assertThat(high.detected(500_000, List.of(person(0.16, 0.4))).get(0).sequenceId()).isEqualTo(h);
        assertThat(medium.detected(500_000, List.of(person(0.16, 0.4))).get(0).sequenceId()).isNotEqualTo(m);
    }

    @Test
    void differentTagsNeverMatch() {
        ObjectTracker tracker = new ObjectTracker(TrackingAccuracy.HIGH);
        String id = tracker.detected(0, List.of(person(0.10, 0.4))).get(0).sequenceId();
        Inferences.Entity car = new Inferences.Entity("car", 0.9, new Inferences.Box(0.10, 0.4, 0.05, 0.15));
        assertThat(tracker.detected(500_000, List.of(car)).get(0).sequenceId()).isNotEqualTo(id);
    }

    @Test
    void theOptimalMatchingBeatsTheGreedyOne() {
        // greedy takes 0.9 first and leaves the other track 0; optimal gets 0.8 + 0.8
        double[][] score = { { 0.9, 0.8 }, { 0.8, 0.0 } };
        assertThat(Assignment.greedy(score, 0.1)).containsExactly(new Assignment.Match(0, 0));
        assertThat(Assignment.optimal(score, 0.1)).containsExactlyInAnyOrder(new Assignment.Match(0, 1),
                new Assignment.Match(1, 0));
        assertThat(Assignment.optimal(new double[][] { { 0.05 } }, 0.1)).isEmpty();
        assertThat(Assignment.optimal(new double[][] { { 0.5, 0.2, 0.9 } }, 0.1)).containsExactly(new Assignment.Match(0, 2));
    }
}
