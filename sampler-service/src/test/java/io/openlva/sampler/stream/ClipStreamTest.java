package io.openlva.sampler.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.openlva.devkit.clips.ClipPackets;
import io.openlva.devkit.clips.SampleClips;
import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.Json;
import io.openlva.graph.contract.MediaFrame;
import io.openlva.graph.contract.MediaPacket;
import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.contract.Subjects;
import io.openlva.sampler.flow.StreamPlan;
import io.openlva.sampler.support.CollectingOutput;
import io.openlva.sampler.support.Damage;
import io.openlva.sampler.support.Graphs;

/** Real clips through a stream worker (FFmpeg decode, sampling, motion, images), without Kafka. */
class ClipStreamTest {

    private static final StreamKey STREAM = new StreamKey("inst", "rtspSource");
    private static List<MediaPacket> vtest;

    @BeforeAll
    static void read() {
        vtest = ClipPackets.read(SampleClips.vtest(), STREAM, "session-1");
    }

    private static CollectingOutput run(StreamPlan plan, List<MediaPacket> packets, SimpleMeterRegistry registry) {
        CollectingOutput out = new CollectingOutput();
        StreamWorker w = new StreamWorker(STREAM, plan, 1, GraphEvent.DEFAULT_TOPIC, out,
                new StreamMetrics(registry, STREAM));
        packets.forEach(w::onPacket);
        for (String name : List.of(StreamMetrics.DECODED, StreamMetrics.SKIPPED, StreamMetrics.DROPPED, StreamMetrics.SAMPLED)) {
            counts.put(name, registry.find(name).counters().stream().mapToDouble(c -> c.count()).sum());
        }
        w.close();
        assertThat(registry.getMeters()).as("a closed stream leaves no meters behind").isEmpty();
        return out;
    }

    /** Counter totals of the last run, read before the worker closed (closing removes a stream's meters). */
    private static final Map<String, Double> counts = new java.util.HashMap<>();

    private static double count(SimpleMeterRegistry r, String name) {
        return counts.get(name);
    }

    @Test
    void twoSamplesPerSecondAreEvenlySpacedAndBothTopologyFormsAgree() {
        assertThat(vtest).hasSizeBetween(790, 800); // 79.5 s at 10 fps
        StreamPlan lva10 = Graphs.plan("rate-1.0.json", "inst", Map.of("rtspUrl", "rtsp://cam"));
        StreamPlan lva20 = Graphs.plan("rate-2.0.json", "inst", Map.of("rtspUrl", "rtsp://cam", "samplesPerSecond", "2"));
        List<Long> times10 = times(run(lva10, vtest, new SimpleMeterRegistry()).framesFor("httpExtension"));
        List<Long> times20 = times(run(lva20, vtest, new SimpleMeterRegistry()).framesFor("httpExtension"));

        long durationUs = vtest.get(vtest.size() - 1).mediaTimeUs() - vtest.get(0).mediaTimeUs();
        long expected = durationUs * 2 / 1_000_000 + 1;
        assertThat((long) times20.size()).isBetween(expected - 1, expected + 1);
        for (int i = 1; i < times20.size(); i++) {
            assertThat(times20.get(i) - times20.get(i - 1)).as("gap %d", i).isEqualTo(500_000);
        }
        assertThat(times10).isEqualTo(times20);
    }

    @Test
    void anExtensionFeedingATrackerGetsEveryFrameOnItsStreamTimeOnlyBetweenItsSamples() {
        StreamPlan plan = Graphs.plan("tracked-1.1.json", "inst", Map.of("rtspUrl", "rtsp://cam"));
        CollectingOutput out = run(plan, vtest.subList(0, 100), new SimpleMeterRegistry());
        List<MediaFrame> tracked = out.framesFor("httpExtension");
        assertThat(tracked).as("every frame of 10 s at 10 fps").hasSize(100);
        assertThat(times(tracked)).isSorted();
        List<MediaFrame> samples = tracked.stream().filter(f -> !f.timeOnly()).toList();
        assertThat(times(samples)).as("the extension's own 2 samples a second")
                .isEqualTo(times(out.framesFor("untracked")));
        assertThat(samples).hasSize(20).allSatisfy(f -> assertThat(f.contentType()).isEqualTo("image/bmp"));
        assertThat(tracked.stream().filter(MediaFrame::timeOnly)).hasSize(80).allSatisfy(f -> {
            assertThat(f.data()).isEmpty();
            assertThat(f.sourceWidth()).isEqualTo(768);
            assertThat(f.sourceHeight()).isEqualTo(576);
        });
        for (int i = 0; i < out.frames.size(); i++) {
            MediaFrame f = out.frames.get(i);
            // the tracker's stream in order on one partition; the untracked extension's spread
            assertThat(out.spread.get(i)).as("%s spread", f.key()).isEqualTo(f.key().node().equals("untracked"));
        }
    }

    @Test
    void framesCarryTheirImageAndTimes() {
        StreamPlan plan = Graphs.plan("rate-2.0.json", "inst", Map.of("rtspUrl", "rtsp://cam", "samplesPerSecond", "1"));
        List<MediaFrame> frames = run(plan, vtest.subList(0, 100), new SimpleMeterRegistry()).frames;
        assertThat(frames).hasSize(10);
        MediaFrame f = frames.get(3);
        assertThat(f.key()).isEqualTo(new StreamKey("inst", "httpExtension"));
        assertThat(f.sourceNode()).isEqualTo("rtspSource");
        assertThat(f.contentType()).isEqualTo("image/jpeg");
        assertThat(f.width()).isEqualTo(416);
        assertThat(f.height()).isEqualTo(312);
        assertThat(f.sourceWidth()).isEqualTo(768);
        assertThat(f.sourceHeight()).isEqualTo(576);
        assertThat(f.scaleMode()).isEqualTo("preserveAspectRatio");
        assertThat(f.inferencesJson()).isNull();
        assertThat(f.mediaTimeUs()).isEqualTo(vtest.get(30).mediaTimeUs());
        assertThat(f.captureTimeMs()).isEqualTo(vtest.get(30).captureTimeMs());
        assertThat(f.data()[0]).isEqualTo((byte) 0xff); // JPEG SOI
        assertThat(f.data()[1]).isEqualTo((byte) 0xd8);
    }

    @Test
    void movementGivesMotionEventsWithBoxesAndOnlyMovingFramesReachTheExtension() {
        StreamPlan plan = Graphs.plan("motion-2.0.json", "inst", Map.of("rtspUrl", "rtsp://cam"));
        CollectingOutput out = run(plan, vtest.subList(0, 300), new SimpleMeterRegistry());
        assertThat(out.events).hasSizeGreaterThan(100); // pedestrians walk all through the clip
        GraphEvent e = out.events.get(out.events.size() / 2);
        assertThat(e.eventType()).isEqualTo(EventTypes.INFERENCE);
        assertThat(e.subject()).isEqualTo(Subjects.processor("inst", "motionDetection"));
        assertThat(e.mediaTimeUs()).isPositive();
        assertThat(e.body().get("timestamp").asLong()).isEqualTo(e.mediaTimeUs() * 9 / 100);
        JsonNode inference = e.body().get("inferences").get(0);
        assertThat(inference.get("type").asText()).isEqualTo("motion");
        JsonNode box = inference.get("motion").get("box");
        assertThat(box.get("w").asDouble() * box.get("h").asDouble()).isBetween(0.0001, 0.5); // a person, not the frame
        // the moving area: the people in vtest are in the lower three quarters of the picture
        List<Double> centres = new ArrayList<>();
        for (GraphEvent ev : out.events) {
            for (JsonNode inf : ev.body().get("inferences")) {
                JsonNode b = inf.get("motion").get("box");
                centres.add(b.get("t").asDouble() + b.get("h").asDouble() / 2);
            }
        }
        assertThat(centres.stream().mapToDouble(Double::doubleValue).average().orElseThrow()).isBetween(0.25, 0.9);

        // 1 sample/s of moving frames, each carrying its motion regions, padded to 320x320 BMP
        List<MediaFrame> frames = out.framesFor("httpExtension");
        assertThat(frames).hasSizeBetween(25, 31);
        MediaFrame f = frames.get(0);
        assertThat(f.contentType()).isEqualTo("image/bmp");
        assertThat(f.width()).isEqualTo(320);
        assertThat(f.height()).isEqualTo(320);
        assertThat(f.scaleMode()).isEqualTo("pad");
        JsonNode attached = Json.read(f.inferencesJson());
        assertThat(attached.isArray()).isTrue();
        assertThat(attached.get(0).get("type").asText()).isEqualTo("motion");
    }

    @Test
    void aStillClipGivesNoMotionAndNoFrames() {
        List<MediaPacket> still = ClipPackets.read(SampleClips.still(), STREAM, "s");
        StreamPlan plan = Graphs.plan("motion-2.0.json", "inst", Map.of("rtspUrl", "rtsp://cam", "motionSensitivity", "high"));
        CollectingOutput out = run(plan, still, new SimpleMeterRegistry());
        assertThat(out.events).isEmpty();
        assertThat(out.frames).isEmpty();
    }

    @Test
    void corruptPacketsCostOnlyTheFramesUpToTheNextKeyframe() {
        StreamPlan plan = Graphs.plan("rate-2.0.json", "inst", Map.of("rtspUrl", "rtsp://cam", "samplesPerSecond", "10"));
        List<MediaPacket> damaged = new ArrayList<>(vtest.subList(0, 200));
        // GOP 20: damage frame 45 (garbage) and 107 (truncated); frames resume at the keyframes 60 and 120
        damaged.set(45, Damage.garbage(damaged.get(45)));
        damaged.set(107, Damage.truncated(damaged.get(107)));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<Long> times = times(run(plan, damaged, registry).framesFor("httpExtension"));

        List<Long> all = vtest.subList(0, 200).stream().map(MediaPacket::mediaTimeUs).toList();
        assertThat(times).containsAll(all.subList(0, 45)).containsAll(all.subList(60, 107)).containsAll(all.subList(120, 200));
        assertThat(times).doesNotContain(all.get(45)).doesNotContain(all.get(107));
        assertThat(times.size()).isGreaterThanOrEqualTo(200 - 15 - 13);
        assertThat(count(registry, StreamMetrics.DROPPED)).isPositive();
    }

    @Test
    void aNewSessionRestartsTheDecoderAtItsFirstKeyframe() {
        StreamPlan plan = Graphs.plan("rate-2.0.json", "inst", Map.of("rtspUrl", "rtsp://cam", "samplesPerSecond", "10"));
        List<MediaPacket> packets = new ArrayList<>(vtest.subList(0, 50));
        // reconnect: the camera's new session starts mid-GOP (frame 25) with timestamps from zero
        List<MediaPacket> second = ClipPackets.read(SampleClips.vtest(), STREAM, "session-2").subList(25, 80);
        packets.addAll(second);
        CollectingOutput out = run(plan, packets, new SimpleMeterRegistry());
        assertThat(out.frames).hasSize(50 + (80 - 40));
    }

    @Test
    void aSampleEveryGopDecodesKeyframesOnly() {
        StreamPlan plan = Graphs.plan("rate-2.0.json", "inst", Map.of("rtspUrl", "rtsp://cam", "samplesPerSecond", "0.5"));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<Long> times = times(run(plan, vtest, registry).framesFor("httpExtension"));
        assertThat(times).hasSizeBetween(39, 41);
        for (int i = 1; i < times.size(); i++) {
            assertThat(times.get(i) - times.get(i - 1)).isEqualTo(2_000_000);
        }
        // GOP 2 s and one sample per 2 s: keyframes only, from the first GOP on
        long keyframes = vtest.stream().filter(MediaPacket::keyframe).count();
        assertThat(count(registry, StreamMetrics.DECODED)).isEqualTo(keyframes);
        assertThat(count(registry, StreamMetrics.SKIPPED)).isGreaterThan(vtest.size() - keyframes - 20.0);
    }

    private static List<Long> times(List<MediaFrame> frames) {
        return frames.stream().map(MediaFrame::mediaTimeUs).toList();
    }
}
