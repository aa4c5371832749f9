package io.openlva.inference.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.openlva.inference.TestModel;
import io.openlva.inference.onnx.ModelCache;

/**
 * The object tracker and the line crossing on 14 s of the pedestrian clip (frames 380 to 519, 38.0 to 51.9 s) through
 * the service's frame processing, with the built-in YOLOv8n as the detector on 2 frames a second (every 5th frame;
 * the 4 in between reach the tracker time-only) and AVA's sample line {@code [[0.5,0.1],[0.5,0.9]]}: a vertical line
 * through the middle of the frame, across the walkway.
 *
 * <p>Counted by hand (frames 380 to 519 extracted every 5th, tiled with the line drawn, looked at one by one): two
 * people cross the line. A man in a dark jacket and jeans walks slowly left to right along the near edge of the
 * walkway and crosses between frames 460 and 470 (his centre at x ≈ 0.48 on frame 460, ≈ 0.51 on 465): left to
 * right is counterclockwise for this line (docs/nodes.md). A woman in a red jacket enters on the right at frame 445,
 * walks left and crosses between frames 485 and 490 (x ≈ 0.52 on 485, ≈ 0.48 on 490): clockwise. Nobody else
 * reaches the line: the man walking down from the top right stays at x > 0.65, the group entering at the bottom
 * right after frame 480 stays at x > 0.6.
 */
class TrackingOnRealFramesTest {

    static final int FIRST = 380;
    static final int FRAMES = 140;

    private static ModelCache models;

    @BeforeAll
    static void load() {
        models = new ModelCache(TestModel.path().toString(), "auto", List.of(), 2, 1);
    }

    @AfterAll
    static void close() {
        models.close();
    }

    /** A tracked object's frames, in order. */
    record Seen(int frame, String inferenceId, double x, double y) {
    }

    @Test
    void twoPeopleCrossTheWalkwayLineInOppositeDirectionsAndKeepTheirSequenceIds() {
        for (String accuracy : List.of("medium", "high")) {
            List<TrackedClip.Published> events = TrackedClip.run(models, FIRST, FRAMES, Map.of("accuracy", accuracy));
            Map<String, List<Seen>> tracks = tracks(events);
            Map<String, String> sequenceOf = new HashMap<>();
            tracks.forEach((id, seen) -> seen.forEach(s -> sequenceOf.put(s.inferenceId(), id)));
            List<JsonNode> crossings = new ArrayList<>();
            List<Integer> at = new ArrayList<>();
            for (TrackedClip.Published e : events) {
                if (e.node().equals("lineCrossing")) {
                    for (JsonNode inf : e.body().get("inferences")) {
                        crossings.add(inf);
                        at.add(TrackedClip.frameAt(e.mediaTimeUs()));
                    }
                }
            }
            System.out.printf("accuracy %s: %d tracks, crossings at frames %s: %s%n", accuracy, tracks.size(), at, crossings);
            assertThat(crossings).as("crossings (%s)", accuracy).hasSize(2);
            assertThat(at.get(0)).as("the man crosses (%s)", accuracy).isBetween(460, 470);
            assertThat(at.get(1)).as("the woman crosses (%s)", accuracy).isBetween(485, 492);
            assertCrossing(crossings.get(0), "counterclockwise", 1, 0, 1);
            assertCrossing(crossings.get(1), "clockwise", 2, 1, 1);
            for (JsonNode c : crossings) {
                String sequenceId = sequenceOf.get(c.get("relatedInferences").get(0).asText());
                assertThat(sequenceId).as("the crossing names the tracked entity's inferenceId").isNotNull();
                List<Seen> seen = tracks.get(sequenceId);
                int run = longestRun(seen);
                assertThat(run).as("consecutive frames of %s (%s)", sequenceId, accuracy).isGreaterThanOrEqualTo(10);
                // between detections the box moves with the motion model, it does not stand still
                assertThat(seen.stream().map(Seen::x).distinct().count()).isGreaterThan(seen.size() / 2);
            }
        }
    }

    @Test
    void theTrackerReportsEveryFrameInAvasFormat() {
        List<TrackedClip.Published> events = TrackedClip.run(models, FIRST, 40, Map.of("accuracy", "medium"));
        List<Integer> frames = new ArrayList<>();
        for (TrackedClip.Published e : events) {
            if (!e.node().equals("objectTracker")) {
                continue;
            }
            frames.add(TrackedClip.frameAt(e.mediaTimeUs()));
            assertThat(e.body().get("timestamp").asLong()).isEqualTo(e.mediaTimeUs() * 9 / 100);
            for (JsonNode inf : e.body().get("inferences")) {
                assertThat(inf.get("type").asText()).isEqualTo("entity");
                assertThat(inf.get("subtype").asText()).isEqualTo("objectDetection");
                assertThat(inf.get("inferenceId").asText()).matches("[0-9a-f]{32}");
                assertThat(inf.get("sequenceId").asText()).matches("[0-9a-f]{32}");
                assertThat(inf.at("/entity/tag/value").asText()).isNotEmpty();
                assertThat(inf.at("/entity/box/w").asDouble()).isPositive();
            }
        }
        // AVA: "the object tracker generates inference results for all frames", not only the detector's samples
        assertThat(frames).as("frames with tracked objects").hasSize(40);
    }

    private static void assertCrossing(JsonNode inf, String direction, int total, int clockwise, int counterclockwise) {
        assertThat(inf.get("type").asText()).isEqualTo("event");
        assertThat(inf.get("subtype").asText()).isEqualTo("lineCrossing");
        assertThat(inf.get("inferenceId").asText()).matches("[0-9a-f]{32}");
        assertThat(inf.at("/event/name").asText()).isEqualTo("walkway");
        JsonNode p = inf.at("/event/properties");
        assertThat(p.get("direction").asText()).isEqualTo(direction);
        // AVA's schema: event properties are strings
        assertThat(p.get("total").isTextual()).isTrue();
        assertThat(p.get("total").asText()).isEqualTo(Integer.toString(total));
        assertThat(p.get("clockwiseTotal").asText()).isEqualTo(Integer.toString(clockwise));
        assertThat(p.get("counterclockwiseTotal").asText()).isEqualTo(Integer.toString(counterclockwise));
    }

    /** sequenceId -> the frames it was reported on, with its box centre. */
    static Map<String, List<Seen>> tracks(List<TrackedClip.Published> events) {
        Map<String, List<Seen>> tracks = new TreeMap<>();
        for (TrackedClip.Published e : events) {
            if (e.node().equals("objectTracker")) {
                for (JsonNode inf : e.body().get("inferences")) {
                    JsonNode b = inf.path("entity").path("box");
                    tracks.computeIfAbsent(inf.get("sequenceId").asText(), k -> new ArrayList<>())
                            .add(new Seen(TrackedClip.frameAt(e.mediaTimeUs()), inf.get("inferenceId").asText(),
                                    b.get("l").asDouble() + b.get("w").asDouble() / 2,
                                    b.get("t").asDouble() + b.get("h").asDouble() / 2));
                }
            }
        }
        return tracks;
    }

    private static int longestRun(List<Seen> seen) {
        int best = 0;
        int run = 0;
        int last = Integer.MIN_VALUE;
        for (Seen s : seen) {
            run = s.frame() == last + 1 ? run + 1 : 1;
            last = s.frame();
            best = Math.max(best, run);
        }
        return best;
    }
}
