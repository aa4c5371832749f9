package io.openlva.recorder.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.openlva.devkit.clips.ClipPackets;
import io.openlva.devkit.clips.SampleClips;
import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.Headers;
import io.openlva.graph.contract.MediaPacket;
import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.contract.Subjects;
import io.openlva.graph.contract.Topics;
import io.openlva.graph.param.SystemVariables;
import io.openlva.recorder.gate.GateSettings;
import io.openlva.recorder.sink.RecorderMetrics;
import io.openlva.recorder.testing.TestStreams;
import io.openlva.runtime.KafkaFactory;
import io.openlva.runtime.ServiceHealth;

/**
 * Broken gate events for one instance — an event time past what a clock can hold, media times no stream can
 * have, a body that is not JSON, no subject — next to good events for two instances: the good ones still give
 * their clips, for that instance and for the other (one recorder serves every graph, so one bad event must stop
 * none of them), and the unusable ones are counted and reported.
 */
class BrokenEventTest {

    private static final long S = 1_000_000L;
    private static final Topics TOPICS = new Topics("brokentest.");

    @RegisterExtension
    static final TestStreams streams = TestStreams.forClass(TOPICS);

    @Test
    void brokenEventsOfOneInstanceStopNoClipOfAnyInstance() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String x = "broken-x-" + run;
        String y = "broken-y-" + run;
        Path base = Path.of("target", "recordings", "broken-" + run).toAbsolutePath();
        GateSettings gate = new GateSettings(Duration.ofSeconds(1), Duration.ofSeconds(-4), Duration.ofSeconds(5),
                Duration.ofSeconds(10));
        List<StreamPlan> plans = new ArrayList<>();
        List<MediaPacket> packets = new ArrayList<>();
        long captureBase = System.currentTimeMillis() - 120_000;
        for (String i : List.of(x, y)) {
            SinkPlan files = new SinkPlan(i, "fileSink", SinkPlan.Kind.FILE, base.resolve(i), "clip-${System.DateTime}",
                    null, null);
            plans.add(new StreamPlan(new StreamKey(i, "rtspSource"),
                    List.of(new GatePlan(i, "signalGate", Set.of("motionDetection"), gate, List.of(files))), List.of()));
            packets.addAll(ClipPackets.read(SampleClips.vtest(), new StreamKey(i, "rtspSource"), captureBase).stream()
                    .filter(p -> p.mediaTimeUs() < 40 * S).toList());
        }
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<ClipSummary> clips = new CopyOnWriteArrayList<>();
        try (RecorderEngine engine = new RecorderEngine(new RecorderEngine.Options(TOPICS,
                "recorder-" + run, "earliest", Duration.ofMinutes(1), Duration.ofSeconds(3), Duration.ofSeconds(60),
                GraphEvent.DEFAULT_TOPIC), new KafkaFactory(streams.bootstrapServers()), new ServiceHealth(),
                new RecorderMetrics(registry), SystemVariables::expandRuntime)) {
            engine.onClip(clips::add);
            engine.apply(plans).get();
            engine.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> !engine.assignedPartitions().isEmpty());
            streams.packets(packets);
            await().atMost(Duration.ofSeconds(60)).until(() -> engine.packetsRead() >= packets.size());

            // an event time no millisecond clock can hold (LVA's eventTime is free text to a producer)
            streams.send(event(x, 30 * S, "+999999999-12-31T23:59:59Z", "{\"timestamp\": 2700000}"));
            // media times no stream of this camera can have: near the end of time, and epoch milliseconds taken for 90 kHz
            streams.send(event(x, Long.MAX_VALUE - 5, iso(captureBase + 30_300), "{}"));
            streams.send(event(x, -1, iso(captureBase + 30_300), "{\"timestamp\": 1700000000000}"));
            // not JSON, and no subject at all
            streams.send(new ProducerRecord<>(TOPICS.events(), null, captureBase + 30_300, x,
                    "{not json".getBytes(StandardCharsets.UTF_8), headers(x, 30 * S, iso(captureBase + 30_300))));
            RecordHeaders noSubject = new RecordHeaders();
            noSubject.add(Headers.EVENT_TYPE, EventTypes.INFERENCE.getBytes(StandardCharsets.UTF_8));
            streams.send(new ProducerRecord<>(TOPICS.events(), null, captureBase + 30_300, x,
                    "{}".getBytes(StandardCharsets.UTF_8), noSubject));

            // then good events for both instances, 300 ms after their media
            streams.motion(x, "motionDetection", 30 * S, captureBase + 30_300);
            streams.motion(y, "motionDetection", 30 * S, captureBase + 30_300);
            await().atMost(Duration.ofSeconds(60)).until(() -> clips.size() == 2);
            assertThat(engine.healthy()).as(engine.problem()).isTrue();
            await().atMost(Duration.ofSeconds(30)).until(() -> streams.events(x, EventTypes.DATA_DROPPED::equals).stream()
                    .mapToLong(e -> e.body().get("count").asLong()).sum() == 2);
        }
        List<ClipSummary> sorted = clips.stream().sorted(Comparator.comparing(ClipSummary::instance)).toList();
        assertThat(sorted).extracting(ClipSummary::instance).containsExactly(x, y);
        for (ClipSummary c : sorted) {
            // [30 s - 4 s, 30 s + 5 s), from the keyframe at 26 s
            assertThat(c.askedStartUs()).isEqualTo(26 * S);
            assertThat(c.askedEndUs()).isEqualTo(35 * S);
            assertThat(c.writtenStartUs()).isEqualTo(26 * S);
            assertThat(c.files()).hasSize(1);
        }
        assertThat(streams.events(x, EventTypes.DATA_DROPPED::equals)).allSatisfy(e -> {
            assertThat(e.subject()).isEqualTo(Subjects.processor(x, "signalGate"));
            assertThat(e.body().path("reasons").fieldNames()).toIterable().containsExactly("invalidMediaTime");
        });
        assertThat(registry.counter("openlva.recorder.gate.events.dropped", "instance", x, "node", "signalGate", "reason",
                "invalidMediaTime").count()).isEqualTo(2.0);
        assertThat(streams.events(y, EventTypes.DATA_DROPPED::equals)).isEmpty();
    }

    private static ProducerRecord<String, byte[]> event(String instance, long mediaTimeUs, String eventTime, String body) {
        return new ProducerRecord<>(TOPICS.events(), null, System.currentTimeMillis(), instance,
                body.getBytes(StandardCharsets.UTF_8), headers(instance, mediaTimeUs, eventTime));
    }

    private static RecordHeaders headers(String instance, long mediaTimeUs, String eventTime) {
        RecordHeaders h = new RecordHeaders();
        h.add(Headers.SUBJECT, Subjects.processor(instance, "motionDetection").getBytes(StandardCharsets.UTF_8));
        h.add(Headers.EVENT_TYPE, EventTypes.INFERENCE.getBytes(StandardCharsets.UTF_8));
        h.add(Headers.EVENT_TIME, eventTime.getBytes(StandardCharsets.UTF_8));
        if (mediaTimeUs >= 0) {
            h.add(Headers.MEDIA_TIME_US, Long.toString(mediaTimeUs).getBytes(StandardCharsets.UTF_8));
        }
        return h;
    }

    private static String iso(long epochMs) {
        return java.time.Instant.ofEpochMilli(epochMs).toString();
    }
}
