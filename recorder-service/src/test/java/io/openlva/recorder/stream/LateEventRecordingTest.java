package io.openlva.recorder.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.openlva.devkit.clips.ClipPackets;
import io.openlva.devkit.clips.SampleClips;
import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.Inferences;
import io.openlva.graph.contract.MediaPacket;
import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.contract.Topics;
import io.openlva.graph.param.SystemVariables;
import io.openlva.recorder.gate.GateSettings;
import io.openlva.recorder.gate.LateEventPolicy;
import io.openlva.recorder.sink.RecorderMetrics;
import io.openlva.recorder.testing.LvaClips;
import io.openlva.recorder.testing.Probe;
import io.openlva.recorder.testing.TestStreams;
import io.openlva.recorder.testing.TestStreams.DelayedEvent;
import io.openlva.runtime.KafkaFactory;
import io.openlva.runtime.ServiceHealth;

/**
 * Gate events that arrive after the evaluation window — a slowed extension, events out of order — against a real
 * broker with vtest's H.264 packets (10 fps, GOP 2 s): every event gives the clip an on-time event would have
 * given (LVA's rule over the events in media order), start at the keyframe at or before the asked start, end at
 * the asked end, checked in the MP4s with ffprobe; events older than what Kafka keeps are dropped and reported as
 * DataDropped; under late-events=drop the recorder behaves as LVA did.
 */
class LateEventRecordingTest {

    private static final long S = 1_000_000L;
    private static final long GOP = 2 * S;
    private static final Topics TOPICS = new Topics("latetest.");

    @RegisterExtension
    static final TestStreams streams = TestStreams.forClass(TOPICS);

    private static final GateSettings GATE = new GateSettings(Duration.ofSeconds(1), Duration.ofSeconds(-4),
            Duration.ofSeconds(5), Duration.ofSeconds(12));

    static RecorderEngine engine(SimpleMeterRegistry registry, String group, LateEventPolicy policy, Duration idleClose) {
        return new RecorderEngine(new RecorderEngine.Options(TOPICS, group, "earliest",
                Duration.ofMinutes(1), Duration.ofSeconds(3), idleClose, GraphEvent.DEFAULT_TOPIC)
                .withLateEvents(policy), new KafkaFactory(streams.bootstrapServers()), new ServiceHealth(),
                new RecorderMetrics(registry), SystemVariables::expandRuntime);
    }

    static StreamPlan plan(String instance, Path base) {
        SinkPlan files = new SinkPlan(instance, "fileSink", SinkPlan.Kind.FILE, base.resolve(instance),
                "late-${System.Runtime.PreciseDateTime}", null, null);
        return new StreamPlan(new StreamKey(instance, "rtspSource"),
                List.of(new GatePlan(instance, "signalGate", Set.of("objectDetection"), GATE, List.of(files))), List.of());
    }

    static long us(double seconds) {
        return Math.round(seconds * 10) * 100_000L;
    }

    @Test
    void lateAndOutOfOrderEventsOfSeveralInstancesEachGiveTheClipAnOnTimeEventWould() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String a = "late-a-" + run;
        String b = "late-b-" + run;
        String c = "late-c-" + run;
        Path base = Path.of("target", "recordings", "late-" + run).toAbsolutePath();
        Random rnd = new Random(14);
        List<DelayedEvent> events = new ArrayList<>();
        // a: an extension 3 s behind the media, in order; at 66 s two events come ~20 s late (one inside a clip
        // already recorded, one after it)
        for (double t : new double[] {8.0, 9.5, 12.0, 30.0, 31.0, 33.5, 36.0, 38.0, 55.0}) {
            events.add(new DelayedEvent(a, "objectDetection", us(t), us(t + 3)));
        }
        events.add(new DelayedEvent(a, "objectDetection", us(45.0), us(66.0)));
        events.add(new DelayedEvent(a, "objectDetection", us(40.0), us(66.0)));
        // b: 2 to 6 s behind, so its events arrive out of order (the first one 6 s behind)
        events.add(new DelayedEvent(b, "objectDetection", us(4.0), us(10.0)));
        for (double t : new double[] {13.0, 13.6, 14.1, 16.9, 17.4, 26.0, 27.1, 45.0, 47.3, 50.0}) {
            events.add(new DelayedEvent(b, "objectDetection", us(t), us(t + 2 + rnd.nextInt(40) / 10.0)));
        }
        // c: 7.5 to 9 s behind (longer than minimumActivationTime), out of order
        events.add(new DelayedEvent(c, "objectDetection", us(4.0), us(13.0)));
        for (double t : new double[] {16.0, 16.8, 17.3, 19.0, 33.0, 34.0, 37.5, 58.0}) {
            events.add(new DelayedEvent(c, "objectDetection", us(t), us(t + 7.5 + rnd.nextInt(15) / 10.0)));
        }
        List<Long> bArrivalOrder = events.stream().filter(e -> e.instance().equals(b))
                .sorted(Comparator.comparingLong(DelayedEvent::emitAtUs)).map(DelayedEvent::mediaTimeUs).toList();
        assertThat(bArrivalOrder).as("b's events arrive out of order").isNotEqualTo(bArrivalOrder.stream().sorted().toList());

        long captureBase = System.currentTimeMillis();
        List<MediaPacket> packets = new ArrayList<>();
        for (String i : List.of(a, b, c)) {
            packets.addAll(ClipPackets.read(SampleClips.vtest(), new StreamKey(i, "rtspSource"), captureBase));
        }
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<ClipSummary> clips = new CopyOnWriteArrayList<>();
        Map<String, List<LvaClips.Clip>> expected = new HashMap<>();
        for (String i : List.of(a, b, c)) {
            expected.put(i, LvaClips.of(events.stream().filter(e -> e.instance().equals(i))
                    .map(DelayedEvent::mediaTimeUs).toList(), GATE));
        }
        assertThat(expected.get(a)).hasSize(4);
        assertThat(expected.get(b)).hasSize(4);
        assertThat(expected.get(c)).hasSize(4);
        try (RecorderEngine engine = engine(registry, "recorder-" + run, LateEventPolicy.DEFAULT, Duration.ofSeconds(20))) {
            engine.onClip(clips::add);
            engine.apply(List.of(plan(a, base), plan(b, base), plan(c, base))).get();
            engine.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> !engine.assignedPartitions().isEmpty());
            // the camera at 4x real time, the slowed extension's events as it would emit them
            streams.play(packets, events, captureBase, 4.0);
            await().atMost(Duration.ofSeconds(120)).until(() -> clips.size() >= 12);
            assertThat(engine.healthy()).isTrue();
        }
        // closing the engine closes whatever was still open: nothing more than the expected clips
        assertThat(clips).hasSize(12);

        for (String i : List.of(a, b, c)) {
            List<ClipSummary> mine = clips.stream().filter(x -> x.instance().equals(i))
                    .sorted(Comparator.comparingLong(ClipSummary::askedStartUs)).toList();
            List<LvaClips.Clip> want = expected.get(i);
            assertThat(mine).as(i).hasSameSizeAs(want);
            for (int k = 0; k < want.size(); k++) {
                assertClip(mine.get(k), want.get(k));
            }
            assertThat(registry.counter("openlva.recorder.gate.events.late", "instance", i, "node", "signalGate").count())
                    .as("%s: late events counted", i).isGreaterThan(0);
            assertThat(streams.events(i, EventTypes.DATA_DROPPED::equals)).as(i).isEmpty();
        }
        assertThat(registry.find("openlva.recorder.gate.events.dropped").counters()).isEmpty();
    }

    @Test
    void eventsOlderThanWhatKafkaKeepsAreDroppedAndReported() throws Exception {
        Topics topics = new Topics("latekept.");
        String r = "kept-" + UUID.randomUUID().toString().substring(0, 8);
        Path base = Path.of("target", "recordings", r).toAbsolutePath();
        long captureBase = System.currentTimeMillis() - 120_000;
        List<MediaPacket> packets = ClipPackets.read(SampleClips.vtest(), new StreamKey(r, "rtspSource"), captureBase);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<ClipSummary> clips = new CopyOnWriteArrayList<>();
        try (TestStreams kept = new TestStreams(streams.broker(), topics);
                RecorderEngine engine = new RecorderEngine(new RecorderEngine.Options(topics,
                        "recorder-" + r, "earliest", Duration.ofMinutes(1), Duration.ofSeconds(3), Duration.ofSeconds(5),
                        GraphEvent.DEFAULT_TOPIC), new KafkaFactory(streams.bootstrapServers()), new ServiceHealth(),
                        new RecorderMetrics(registry), SystemVariables::expandRuntime);
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, streams.bootstrapServers()))) {
            engine.onClip(clips::add);
            engine.apply(List.of(plan(r, base))).get();
            engine.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> !engine.assignedPartitions().isEmpty());
            kept.packets(packets);
            await().atMost(Duration.ofSeconds(60)).until(() -> engine.packetsRead() >= packets.size());

            // the log now starts at the packets of 40 s: what retention does once the older ones have expired
            List<TopicPartition> parts = admin.describeTopics(List.of(topics.packets())).allTopicNames().get()
                    .get(topics.packets()).partitions().stream().map(p -> new TopicPartition(topics.packets(), p.partition()))
                    .toList();
            Map<TopicPartition, OffsetSpec> at = new HashMap<>();
            parts.forEach(tp -> at.put(tp, OffsetSpec.forTimestamp(captureBase + 40_000)));
            Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
            admin.listOffsets(at).all().get().forEach((tp, info) -> {
                if (info.offset() >= 0) {
                    delete.put(tp, RecordsToDelete.beforeOffset(info.offset()));
                }
            });
            admin.deleteRecords(delete).all().get();

            // both emitted when the live media was at 79.5 s: 20 s is gone from Kafka, 60 s is still there
            kept.motion(r, "objectDetection", 20 * S, captureBase + 79_500);
            kept.motion(r, "objectDetection", 60 * S, captureBase + 79_500);
            await().atMost(Duration.ofSeconds(60)).until(() -> clips.size() == 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> !kept.events(r, EventTypes.DATA_DROPPED::equals).isEmpty());
        }
        assertThat(clips).hasSize(1);
        assertClip(clips.get(0), new LvaClips.Clip(56 * S, 65 * S));
        Counter dropped = registry.find("openlva.recorder.gate.events.dropped")
                .tags("instance", r, "node", "signalGate", "reason", "retention").counter();
        assertThat(dropped).isNotNull();
        assertThat(dropped.count()).isEqualTo(1.0);
        List<GraphEvent> reports;
        try (TestStreams kept = new TestStreams(streams.broker(), topics)) {
            reports = kept.events(r, EventTypes.DATA_DROPPED::equals);
        }
        assertThat(reports).hasSize(1);
        GraphEvent report = reports.get(0);
        assertThat(report.subject()).isEqualTo("/graphInstances/" + r + "/processors/signalGate");
        assertThat(report.body().get("dataType").asText()).isEqualTo("event");
        assertThat(report.body().path("reasons").fieldNames()).toIterable().containsExactly("retention");
        assertThat(report.body().get("count").asLong()).isEqualTo(1);
        assertThat(report.body().get("timestamp").asLong()).isEqualTo(Inferences.lvaTimestamp(20 * S));
    }

    @Test
    void underTheLvaRuleLateEventsAreDroppedAndReported() throws Exception {
        String s = "strict-" + UUID.randomUUID().toString().substring(0, 8);
        Path base = Path.of("target", "recordings", s).toAbsolutePath();
        long captureBase = System.currentTimeMillis() - 120_000;
        List<MediaPacket> packets = ClipPackets.read(SampleClips.vtest(), new StreamKey(s, "rtspSource"), captureBase);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<ClipSummary> clips = new CopyOnWriteArrayList<>();
        try (RecorderEngine engine = engine(registry, "recorder-" + s, LateEventPolicy.LVA, Duration.ofSeconds(20))) {
            engine.onClip(clips::add);
            engine.apply(List.of(plan(s, base))).get();
            engine.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> !engine.assignedPartitions().isEmpty());
            streams.packets(packets);
            await().atMost(Duration.ofSeconds(60)).until(() -> engine.packetsRead() >= packets.size());
            // 5 s behind its media (window 1 s): LVA drops it
            streams.motion(s, "objectDetection", 30 * S, captureBase + 35_000);
            // within the window: recorded as LVA would, its clip read back from Kafka
            streams.motion(s, "objectDetection", 70 * S, captureBase + 70_300);
            await().atMost(Duration.ofSeconds(60)).until(() -> clips.size() == 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> !streams.events(s, EventTypes.DATA_DROPPED::equals).isEmpty());
        }
        assertThat(clips).hasSize(1);
        assertClip(clips.get(0), new LvaClips.Clip(66 * S, 75 * S));
        assertThat(registry.counter("openlva.recorder.gate.events.late", "instance", s, "node", "signalGate").count())
                .isEqualTo(1.0);
        assertThat(registry.counter("openlva.recorder.gate.events.dropped", "instance", s, "node", "signalGate", "reason",
                "late").count()).isEqualTo(1.0);
        GraphEvent report = streams.events(s, EventTypes.DATA_DROPPED::equals).get(0);
        assertThat(report.subject()).isEqualTo("/graphInstances/" + s + "/processors/signalGate");
        assertThat(report.body().path("reasons").fieldNames()).toIterable().containsExactly("late");
        assertThat(report.body().get("count").asLong()).isEqualTo(1);
    }

    /**
     * The clip asked is the on-time one; the file starts at the keyframe at or before its start (never later, at
     * most one GOP earlier), ends with the last frame before its end, and plays.
     */
    static void assertClip(ClipSummary c, LvaClips.Clip want) {
        String what = c.instance() + " " + c;
        assertThat(c.askedStartUs()).as(what).isEqualTo(want.startUs());
        assertThat(c.askedEndUs()).as(what).isEqualTo(want.endUs());
        assertThat(c.writtenStartUs()).as(what).isLessThanOrEqualTo(want.startUs()).isGreaterThan(want.startUs() - GOP);
        assertThat(c.writtenStartUs() % GOP).as(what).isZero();
        assertThat(c.writtenEndUs()).as(what).isLessThan(want.endUs()).isGreaterThanOrEqualTo(want.endUs() - 100_000);
        assertThat(c.prerollComplete()).as(what).isTrue();
        assertThat(c.files()).as(what).hasSize(1);
        Probe.Result r = Probe.probe(c.files().get(0));
        double expected = (c.askedEndUs() - c.writtenStartUs()) / 1e6;
        assertThat(r.durationS()).as(what).isCloseTo(expected, within(0.15));
        assertThat(r.frames()).as(what).isEqualTo((int) Math.round(expected * 10));
        assertThat(r.keyframes()).as(what).isEqualTo((int) ((c.writtenEndUs() - c.writtenStartUs()) / GOP) + 1);
        assertThat(r.decodeErrors()).as(what).isFalse();
    }
}
