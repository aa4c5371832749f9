package io.openlva.sampler.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.openlva.devkit.KafkaTestResource;
import io.openlva.devkit.clips.ClipPackets;
import io.openlva.devkit.clips.SampleClips;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.MediaFrame;
import io.openlva.graph.contract.MediaPacket;
import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.contract.Topics;
import io.openlva.runtime.KafkaFactory;
import io.openlva.runtime.ServiceHealth;
import io.openlva.sampler.graph.PlanBuilder;
import io.openlva.sampler.graph.PlanRegistry;
import io.openlva.sampler.image.ScaleAlgorithm;
import io.openlva.sampler.app.SamplerRoundTripTest;
import io.openlva.sampler.stream.StreamMetrics;
import io.openlva.sampler.stream.StreamWorker;
import io.openlva.sampler.support.Graphs;
import io.openlva.sampler.support.LogCapture;
import io.openlva.sampler.support.CollectingOutput;
import io.openlva.sampler.support.Damage;
import io.openlva.sampler.support.TestClients;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Bad input on the real broker: damaged packets, a record that is no media packet, and a stream whose
 * instance (and so its extension node) went away while its packets still come. Each is counted and logged
 * once (per minute and stream), and the loop goes on with the good stream. A Quarkus test only to share the
 * broker of the other Quarkus tests.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@TestProfile(SamplerRoundTripTest.Profile.class)
class PacketConsumerBadInputTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void badInputIsCountedLoggedOnceAndTheLoopGoesOn() throws Exception {
        Topics topics = TestClients.freshTopics(bootstrap, "bad", 1);
        StreamKey good = new StreamKey("good", "rtspSource");
        StreamKey gone = new StreamKey("gone", "rtspSource");
        Map<String, String> twoPerSecond = Map.of("rtspUrl", "rtsp://cam", "samplesPerSecond", "2");
        PlanRegistry plans = new PlanRegistry(new PlanBuilder(90));
        plans.replace(Map.of(good, Graphs.plan("rate-2.0.json", "good", twoPerSecond),
                gone, Graphs.plan("rate-2.0.json", "gone", twoPerSecond)));
        List<MediaPacket> goodPackets = new ArrayList<>(ClipPackets.read(SampleClips.vtest(), good, "s1").subList(0, 200));
        List<MediaPacket> gonePackets = ClipPackets.read(SampleClips.vtest(), gone, "s1").subList(0, 80);
        // GOP 20: garbage in packet 45, packet 107 cut short
        goodPackets.set(45, Damage.garbage(goodPackets.get(45)));
        goodPackets.set(107, Damage.truncated(goodPackets.get(107)));

        CollectingOutput out = new CollectingOutput();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        PacketConsumer.Settings settings = new PacketConsumer.Settings(topics.packets(), "group-" + topics.prefix(),
                "earliest", 1, ScaleAlgorithm.FAST_BILINEAR, GraphEvent.DEFAULT_TOPIC);
        double corrupt;
        try (LogCapture consumerLog = new LogCapture(PacketConsumer.class);
                LogCapture streamLog = new LogCapture(StreamWorker.class);
                KafkaProducer<String, byte[]> producer = TestClients.producer(bootstrap);
                PacketConsumer consumer = new PacketConsumer("bad-input", settings, new KafkaFactory(bootstrap),
                        new ServiceHealth(), plans, out, registry, () -> { })) {
            consumer.start();
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(consumer::assigned);
            for (MediaPacket p : goodPackets.subList(0, 100)) {
                producer.send(p.toRecord(topics.packets()));
            }
            producer.send(new ProducerRecord<>(topics.packets(), good.toString(), "not a packet".getBytes()));
            gonePackets.subList(0, 36).forEach(p -> producer.send(p.toRecord(topics.packets())));
            producer.flush();
            // its last packet sampled (3.5 s) means all of them were read before the instance goes
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> out.framesOf("gone").size() >= 8);

            plans.replace(Map.of(good, Graphs.plan("rate-2.0.json", "good", twoPerSecond))); // instance "gone" deleted
            gonePackets.subList(36, 80).forEach(p -> producer.send(p.toRecord(topics.packets())));
            for (MediaPacket p : goodPackets.subList(100, 200)) {
                producer.send(p.toRecord(topics.packets()));
            }
            producer.flush();
            long last = goodPackets.get(199).mediaTimeUs() / 500_000 * 500_000;
            Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> out.framesOf("good").stream()
                    .anyMatch(f -> f.mediaTimeUs() == last));
            corrupt = registry.find(StreamMetrics.DROPPED).tag("instance", "good").tag("reason", "corrupt").counter().count();

            assertThat(registry.get("openlva.sampler.packets.malformed").counter().count()).isEqualTo(1);
            assertThat(registry.get("openlva.sampler.packets.unplanned").counter().count()).isEqualTo(44);
            assertThat(corrupt).as("damaged packets counted").isEqualTo(2);
            assertThat(consumerLog.warnings("not a media packet")).hasSize(1);
            assertThat(consumerLog.warnings("stream gone/rtspSource: packets dropped")).as("44 packets, one line").hasSize(1);
            assertThat(streamLog.warnings("stream good/rtspSource")).as("two damaged GOPs, one line").hasSize(1);
        }
        // the good stream loses only the frames up to the keyframe after each damaged packet
        List<Long> times = out.framesOf("good").stream().map(MediaFrame::mediaTimeUs).toList();
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < 200; i += 5) {
            if (!(i >= 45 && i < 60) && !(i >= 107 && i < 120)) {
                expected.add(goodPackets.get(i).mediaTimeUs());
            }
        }
        assertThat(times).containsExactlyElementsOf(expected);
        assertThat(out.framesOf("gone")).hasSize(8);
    }
}
