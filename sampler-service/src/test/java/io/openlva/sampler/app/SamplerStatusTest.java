package io.openlva.sampler.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.openlva.devkit.KafkaTestResource;
import io.openlva.devkit.StatusTap;
import io.openlva.devkit.clips.ClipPackets;
import io.openlva.devkit.clips.SampleClips;
import io.openlva.graph.codec.GraphJson;
import io.openlva.graph.contract.InstanceStatus;
import io.openlva.graph.contract.MediaFrame;
import io.openlva.graph.contract.MediaPacket;
import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.contract.Topics;
import io.openlva.graph.model.Instance;
import io.openlva.graph.model.InstanceState;
import io.openlva.graph.model.OwningService;
import io.openlva.graph.model.Topology;
import io.openlva.sampler.support.Graphs;
import io.openlva.sampler.support.TestClients;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The sampler's reports on graph.status against the real broker: Active for the instance record it planned,
 * Inactive once its stream stopped decoding after the deactivation, the report gone with the instance, and
 * Inactive with the reason for an instance that cannot run.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@TestProfile(SamplerRoundTripTest.Profile.class)
class SamplerStatusTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final Topics topics = Topics.DEFAULT;

    @Test
    void instancesAreReportedActiveThenInactiveOnceTheirStreamsStopped() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        String name = "st" + UUID.randomUUID().toString().substring(0, 8);
        String broken = name + "-broken";
        Topology topology = GraphJson.readTopology(Graphs.topologyJson("roundtrip-2.0.json"));
        assertThat(topology.services()).contains(OwningService.SAMPLER);
        Instance active = GraphJson.readInstance(Graphs.instanceJson("2.0", name, topology.name(),
                Map.of("rtspUrl", "rtsp://127.0.0.1:8554/cam"))).withState(InstanceState.ACTIVE);
        // no rtspUrl: does not resolve
        Instance unresolved = GraphJson.readInstance(Graphs.instanceJson("2.0", broken, topology.name(), Map.of()))
                .withState(InstanceState.ACTIVE);
        List<MediaPacket> packets = ClipPackets.read(SampleClips.vtest(), new StreamKey(name, "rtspSource"), "s")
                .subList(0, 40);

        try (StatusTap tap = new StatusTap(bootstrap, topics, topics.frames());
                KafkaProducer<String, byte[]> producer = TestClients.producer(bootstrap)) {
            producer.send(new ProducerRecord<>(topics.topologies(), topology.name(),
                    GraphJson.writeTopologyForStorage(topology).getBytes())).get();
            long v1 = producer.send(new ProducerRecord<>(topics.instances(), name,
                    GraphJson.writeInstanceForStorage(active).getBytes())).get().offset();
            long vBroken = producer.send(new ProducerRecord<>(topics.instances(), broken,
                    GraphJson.writeInstanceForStorage(unresolved).getBytes())).get().offset();
            InstanceStatus first = awaitStatus(tap, name, s -> s != null && s.instanceVersion() == v1);
            assertThat(first.state()).isEqualTo(InstanceState.ACTIVE);
            assertThat(first.service()).isEqualTo(OwningService.SAMPLER);
            InstanceStatus refused = awaitStatus(tap, broken, s -> s != null && s.instanceVersion() == vBroken);
            assertThat(refused.state()).isEqualTo(InstanceState.INACTIVE);
            assertThat(refused.detail()).contains("does not resolve");

            // its stream decodes ...
            packets.forEach(p -> producer.send(p.toRecord(topics.packets())));
            producer.flush();
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                tap.poll();
                return tap.others().stream().map(MediaFrame::fromRecord).anyMatch(f -> f.key().instance().equals(name));
            });
            // ... and stops with the deactivation: Inactive for that record
            long v2 = producer.send(new ProducerRecord<>(topics.instances(), name,
                    GraphJson.writeInstanceForStorage(active.withState(InstanceState.INACTIVE)).getBytes())).get().offset();
            InstanceStatus stopped = awaitStatus(tap, name, s -> s != null && s.instanceVersion() == v2);
            assertThat(stopped.state()).isEqualTo(InstanceState.INACTIVE);
            assertThat(stopped.detail()).isNull();

            producer.send(new ProducerRecord<>(topics.instances(), name, null)).get();
            awaitStatus(tap, name, s -> s == null);
            assertThat(tap.lastStatusKey()).isEqualTo(name + "/sampler-service");
            producer.send(new ProducerRecord<>(topics.instances(), broken, null)).get();
        }
    }

    private static InstanceStatus awaitStatus(StatusTap tap, String instance,
            java.util.function.Predicate<InstanceStatus> which) {
        return tap.await(instance, OwningService.SAMPLER, which, Duration.ofSeconds(60));
    }
}
