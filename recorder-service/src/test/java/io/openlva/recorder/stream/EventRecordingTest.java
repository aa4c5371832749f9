package io.openlva.recorder.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.openlva.devkit.clips.ClipPackets;
import io.openlva.devkit.clips.SampleClips;
import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.MediaPacket;
import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.contract.Topics;
import io.openlva.graph.param.SystemVariables;
import io.openlva.recorder.gate.GateSettings;
import io.openlva.recorder.sink.RecorderMetrics;
import io.openlva.recorder.testing.Probe;
import io.openlva.recorder.testing.TestStreams;
import io.openlva.runtime.KafkaFactory;
import io.openlva.runtime.ServiceHealth;

/**
 * Event-based recording against a real broker: vtest packets (GOP 2 s, 10 fps) in {@code media.packets}, motion
 * events at known media times in {@code events}; clips must match LVA's formula within one GOP, never start
 * later than asked, carry a 10 s pre-roll read back from Kafka, and play. An event later than the evaluation
 * window still gets its clip, cut from Kafka.
 */
class EventRecordingTest {

    private static final long S = 1_000_000L;
    private static final long GOP = 2 * S;

    private static final Topics TOPICS = new Topics("evrtest.");

    @RegisterExtension
    static final TestStreams streams = TestStreams.forClass(TOPICS);

    static RecorderEngine engine(SimpleMeterRegistry registry, String group) {
        return new RecorderEngine(new RecorderEngine.Options(TOPICS, group, "earliest",
                Duration.ofMinutes(1), Duration.ofSeconds(3), Duration.ofSeconds(20), GraphEvent.DEFAULT_TOPIC),
                new KafkaFactory(streams.bootstrapServers()), new ServiceHealth(),
                new RecorderMetrics(registry), SystemVariables::expandRuntime);
    }

    @Test
    void gateClipsFollowLvaTimingWithPrerollFromKafka() throws Exception {
        String instance = "evr-" + UUID.randomUUID().toString().substring(0, 8);
        Path base = Path.of("target", "recordings", instance).toAbsolutePath();
        StreamKey key = new StreamKey(instance, "rtspSource");
        GateSettings gate = new GateSettings(Duration.ofSeconds(1), Duration.ofSeconds(-10), Duration.ofSeconds(5),
                Duration.ofSeconds(12));
        SinkPlan files = new SinkPlan(instance, "fileSink", SinkPlan.Kind.FILE, base.resolve("files"),
                "evr-" + instance + "-${System.DateTime}", null, null);
        SinkPlan asset = new SinkPlan(instance, "assetSink", SinkPlan.Kind.ASSET, base.resolve("assets"),
                "asset-${System.DateTime}", null, Duration.ofSeconds(5));
        StreamPlan plan = new StreamPlan(key,
                List.of(new GatePlan(instance, "signalGate", Set.of("motionDetection"), gate, List.of(files, asset))),
                List.of());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<ClipSummary> clips = new CopyOnWriteArrayList<>();
        long captureBase = System.currentTimeMillis() - 90_000;
        List<MediaPacket> packets = ClipPackets.read(SampleClips.vtest(), key, captureBase);
        try (RecorderEngine engine = engine(registry, "recorder-" + instance)) {
            engine.onClip(clips::add);
            engine.apply(List.of(plan)).get();
            engine.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> !engine.assignedPartitions().isEmpty());

            // events first (the gate buffers them by media time), then the packets
            long[] motion = {25 * S, 45 * S, 48 * S, 58 * S, 62 * S, 66 * S, 70 * S};
            for (long t : motion) {
                // emitted 300 ms after its frame was captured
                streams.motion(instance, "motionDetection", t, captureBase + t / 1000 + 300);
            }
            // an event from a node that is not an input of the gate: ignored
            streams.motion(instance, "otherNode", 5 * S, captureBase + 5_300);
            await().atMost(Duration.ofSeconds(30)).until(() -> engine.eventsRouted() == motion.length);
            streams.packets(packets);

            await().atMost(Duration.ofSeconds(90)).until(() -> clips.size() == 3);

            // one event: [t - 10 s, t + min)
            assertClip(clips.get(0), 15 * S, 30 * S);
            // retriggered: -offset + (t2 - t1) + min
            assertClip(clips.get(1), 35 * S, 53 * S);
            // saturated at first + max
            assertClip(clips.get(2), 48 * S, 70 * S);
            assertThat(clips).allSatisfy(c -> assertThat(c.prerollComplete()).isTrue());

            // a late event (emitted when the live media was 9 s past it, window 1 s) still gets its clip, cut from
            // Kafka (it closes when the stream goes idle: the gate now waits 10 s past the clip's end)
            streams.motion(instance, "motionDetection", 70 * S + 500_000, captureBase + 79_500);
            await().atMost(Duration.ofSeconds(30)).until(() -> engine.eventsRouted() == motion.length + 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> registry.counter("openlva.recorder.gate.events.late",
                    "instance", instance, "node", "signalGate").count() == 1.0);
            await().atMost(Duration.ofSeconds(60)).until(() -> clips.size() == 4);
            assertClip(clips.get(3), 60 * S + 500_000, 75 * S + 500_000);
            assertThat(clips.get(3).prerollComplete()).isTrue();
        }
        assertThat(clips).hasSize(4);

        // each clip: one MP4 in files/, an asset directory of ~5 s segments
        for (ClipSummary c : clips) {
            Path mp4 = c.files().stream().filter(f -> f.startsWith(base.resolve("files"))).findFirst().orElseThrow();
            Probe.Result r = Probe.probe(mp4);
            double expected = (c.askedEndUs() - c.writtenStartUs()) / 1e6;
            assertThat(r.durationS()).isCloseTo(expected, within(0.15));
            assertThat(r.frames()).isEqualTo((int) Math.round(expected * 10));
            assertThat(r.decodeErrors()).isFalse();
            assertThat(r.width()).isEqualTo(768);
        }
        List<Path> assetDirs;
        try (Stream<Path> s = Files.list(base.resolve("assets"))) {
            // .openlva holds the sinks' ledgers of what they wrote (for the disk budget)
            assetDirs = s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
        assertThat(assetDirs).hasSize(4);
        int segmentFrames = 0;
        List<Path> firstSegments;
        try (Stream<Path> s = Files.list(assetDirs.get(0))) {
            firstSegments = s.sorted().toList();
        }
        // clip 1 from the keyframe at 14 s to 30 s, cut at the first keyframe 5 s or more into a segment
        assertThat(firstSegments).hasSize(3);
        for (Path seg : firstSegments) {
            segmentFrames += Probe.probe(seg).frames();
        }
        assertThat(segmentFrames).isEqualTo(160);

        // LVA's operational events, per sink
        List<GraphEvent> events = streams.recordingEvents(instance);
        List<GraphEvent> fileEvents = events.stream().filter(e -> e.subject().endsWith("/sinks/fileSink")).toList();
        assertThat(fileEvents).extracting(GraphEvent::eventType).containsExactly(
                EventTypes.RECORDING_STARTED, EventTypes.RECORDING_AVAILABLE, EventTypes.RECORDING_STOPPED,
                EventTypes.RECORDING_STARTED, EventTypes.RECORDING_AVAILABLE, EventTypes.RECORDING_STOPPED,
                EventTypes.RECORDING_STARTED, EventTypes.RECORDING_AVAILABLE, EventTypes.RECORDING_STOPPED,
                EventTypes.RECORDING_STARTED, EventTypes.RECORDING_AVAILABLE, EventTypes.RECORDING_STOPPED);
        assertThat(fileEvents.get(0).body().get("outputType").asText()).isEqualTo("filePath");
        assertThat(fileEvents.get(0).body().get("outputLocation").asText())
                .isEqualTo(clips.get(0).files().get(0).toString());
        assertThat(fileEvents.get(0).subject()).isEqualTo("/graphInstances/" + instance + "/sinks/fileSink");
        List<GraphEvent> assetEvents = events.stream().filter(e -> e.subject().endsWith("/sinks/assetSink")).toList();
        assertThat(assetEvents).hasSize(12);
        assertThat(assetEvents.get(0).body().get("outputType").asText()).isEqualTo("assetName");
        assertThat(assetEvents.get(0).body().get("outputLocation").asText())
                .isEqualTo(assetDirs.get(0).getFileName().toString());
    }

    /** Starts at the keyframe at or before the asked start (never later, at most one GOP earlier), ends before the end. */
    static void assertClip(ClipSummary c, long askedStart, long askedEnd) {
        assertThat(c.askedStartUs()).isEqualTo(askedStart);
        assertThat(c.askedEndUs()).isEqualTo(askedEnd);
        assertThat(c.writtenStartUs()).isLessThanOrEqualTo(askedStart).isGreaterThan(askedStart - GOP);
        assertThat(c.writtenEndUs()).isLessThan(askedEnd).isGreaterThanOrEqualTo(askedEnd - 200_000);
    }
}
