package io.openlva.recorder.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.openlva.devkit.KafkaTestResource;
import io.openlva.devkit.StatusTap;
import io.openlva.graph.codec.GraphJson;
import io.openlva.graph.contract.InstanceStatus;
import io.openlva.graph.contract.Topics;
import io.openlva.graph.model.Instance;
import io.openlva.graph.model.InstanceState;
import io.openlva.graph.model.OwningService;
import io.openlva.graph.model.Topology;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The recorder's reports on graph.status against the real broker: Active for the instance record whose gate and
 * sinks it runs, Inactive (no detail) once its recordings were closed after the deactivation, the report gone with
 * the instance, and Inactive with the reason for an instance that cannot run.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
class RecorderStatusTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final Topics topics = Topics.DEFAULT;

    @Test
    void instancesAreReportedActiveThenInactiveOnceTheirClipsClosed() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        String name = "st" + UUID.randomUUID().toString().substring(0, 8);
        String broken = name + "-broken";
        Topology topology = GraphJson.readTopology(RecorderAppTest.topology(Path.of("target", "status-files")
                .toAbsolutePath()));
        assertThat(topology.services()).contains(OwningService.RECORDER);
        Instance active = GraphJson.readInstance(RecorderAppTest.instance(name, "active"));
        // no rtspUrl: does not resolve
        Instance unresolved = GraphJson.readInstance("""
                {"@apiVersion": "2.0", "name": "%s", "properties": {"topologyName": "RecorderEvrCvr",
                 "parameters": [], "state": "active"}}
                """.formatted(broken));

        try (StatusTap tap = new StatusTap(bootstrap, topics);
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(),
                        new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topics.topologies(), topology.name(),
                    GraphJson.writeTopologyForStorage(topology).getBytes())).get();
            long v1 = producer.send(new ProducerRecord<>(topics.instances(), name,
                    GraphJson.writeInstanceForStorage(active).getBytes())).get().offset();
            long vBroken = producer.send(new ProducerRecord<>(topics.instances(), broken,
                    GraphJson.writeInstanceForStorage(unresolved).getBytes())).get().offset();
            InstanceStatus first = awaitStatus(tap, name, s -> s != null && s.instanceVersion() == v1);
            assertThat(first.state()).isEqualTo(InstanceState.ACTIVE);
            assertThat(first.service()).isEqualTo(OwningService.RECORDER);
            InstanceStatus refused = awaitStatus(tap, broken, s -> s != null && s.instanceVersion() == vBroken);
            assertThat(refused.state()).isEqualTo(InstanceState.INACTIVE);
            assertThat(refused.detail()).contains("does not resolve");

            long v2 = producer.send(new ProducerRecord<>(topics.instances(), name,
                    GraphJson.writeInstanceForStorage(active.withState(InstanceState.DEACTIVATING)).getBytes())).get()
                    .offset();
            InstanceStatus stopped = awaitStatus(tap, name, s -> s != null && s.instanceVersion() == v2);
            assertThat(stopped.state()).isEqualTo(InstanceState.INACTIVE);
            assertThat(stopped.detail()).isNull();

            producer.send(new ProducerRecord<>(topics.instances(), name, null)).get();
            awaitStatus(tap, name, s -> s == null);
            assertThat(tap.lastStatusKey()).isEqualTo(name + "/recorder-service");
            producer.send(new ProducerRecord<>(topics.instances(), broken, null)).get();
        }
    }

    private static InstanceStatus awaitStatus(StatusTap tap, String instance, Predicate<InstanceStatus> which) {
        return tap.await(instance, OwningService.RECORDER, which, Duration.ofSeconds(60));
    }
}
