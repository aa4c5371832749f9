package io.openlva.sampler.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
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
import io.openlva.sampler.flow.StreamPlan;
import io.openlva.sampler.graph.PlanBuilder;
import io.openlva.sampler.graph.PlanRegistry;
import io.openlva.sampler.image.ScaleAlgorithm;
import io.openlva.sampler.app.SamplerRoundTripTest;
import io.openlva.sampler.support.Graphs;
import io.openlva.sampler.support.CollectingOutput;
import io.openlva.sampler.support.TestClients;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Two sampler replicas in one consumer group on the real broker: the stream's owner leaves mid-GOP, the
 * other takes the partition over from the committed offset and starts at the next keyframe. A Quarkus test
 * only to share the broker of the Quarkus tests (devkit's TestKafka is per class loader, and a second
 * broker of the same test JVM would use the same data directory).
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@TestProfile(SamplerRoundTripTest.Profile.class)
class PacketConsumerFailoverTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aNewOwnerStartsAtTheNextKeyframe() throws Exception {
        Topics topics = TestClients.freshTopics(bootstrap, "fo", 1);
        StreamKey stream = new StreamKey("fo", "rtspSource");
        StreamPlan plan = Graphs.plan("rate-2.0.json", "fo", Map.of("rtspUrl", "rtsp://cam", "samplesPerSecond", "2"));
        PlanRegistry plans = new PlanRegistry(new PlanBuilder(90));
        plans.replace(Map.of(stream, plan));
        List<MediaPacket> packets = ClipPackets.read(SampleClips.vtest(), stream, "s1").subList(0, 200); // GOP 20
        CollectingOutput outA = new CollectingOutput();
        CollectingOutput outB = new CollectingOutput();
        List<MediaFrame> framesA = outA.frames;
        List<MediaFrame> framesB = outB.frames;
        PacketConsumer.Settings settings = new PacketConsumer.Settings(topics.packets(), "group-" + topics.prefix(),
                "earliest", 1, ScaleAlgorithm.FAST_BILINEAR, GraphEvent.DEFAULT_TOPIC);

        KafkaFactory kafka = new KafkaFactory(bootstrap);
        ServiceHealth health = new ServiceHealth();
        try (KafkaProducer<String, byte[]> producer = TestClients.producer(bootstrap)) {
            PacketConsumer a = new PacketConsumer("replica-a", settings, kafka, health, plans, outA, new SimpleMeterRegistry(),
                    () -> { });
            a.start();
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(a::assigned);
            for (MediaPacket p : packets.subList(0, 110)) { // 110 is mid-GOP
                producer.send(p.toRecord(topics.packets()));
            }
            producer.flush();
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> framesA.size() >= 22); // 0 .. 10.5 s
            a.close(); // leaves the group, committing its position

            PacketConsumer b = new PacketConsumer("replica-b", settings, kafka, health, plans, outB, new SimpleMeterRegistry(),
                    () -> { });
            b.start();
            for (MediaPacket p : packets.subList(110, 200)) {
                producer.send(p.toRecord(topics.packets()));
            }
            producer.flush();
            Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> framesB.size() >= 16);
            b.close();
        }
        assertThat(framesA).hasSize(22);
        assertThat(framesA.get(21).mediaTimeUs()).isEqualTo(packets.get(105).mediaTimeUs());
        // B resumes after A's last packet and decodes from the keyframe at packet 120 (12.0 s)
        assertThat(framesB.get(0).mediaTimeUs()).isEqualTo(packets.get(120).mediaTimeUs());
        assertThat(framesB).hasSize(16);
        for (int i = 1; i < framesB.size(); i++) {
            assertThat(framesB.get(i).mediaTimeUs() - framesB.get(i - 1).mediaTimeUs()).isEqualTo(500_000);
        }
    }
}
