package io.openlva.hub.iothub;

import io.openlva.devkit.iothub.TestIotHub;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.Json;
import io.openlva.graph.contract.Subjects;
import io.openlva.hub.SharedKafkaResource;
import io.openlva.hub.TestGraphs;
import io.openlva.hub.store.GraphStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** hub-bridge as an IoT Edge module: outputs via sendEventAsync(message, output), inputs per input name. */
@QuarkusTest
@TestProfile(ModuleClientTest.AsModule.class)
@QuarkusTestResource(value = SharedKafkaResource.class, restrictToAnnotatedClass = false)
class ModuleClientTest {

    public static class AsModule implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("openlva.topic-prefix", "mod.", "openlva.hub.iothub.consumer-group", "hub-bridge-module-test");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(MosquittoModuleTestResource.class));
        }
    }

    @Inject
    GraphStore store;

    @Inject
    IotHubBridge bridge;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void aModuleSendsOnItsOutputsAndReceivesOnItsInputs() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> store.ready() && bridge.connected());
        try (TestIotHub hub = new TestIotHub(MosquittoTestResource.broker().caPem());
                KafkaProducer<String, byte[]> producer = producer();
                KafkaConsumer<String, byte[]> consumer = consumer()) {
            assertThat(hub.invoke("GraphTopologySet", TestGraphs.topology(TestGraphs.CUSTOM_VISION, "ModTopology")
                    .toString()).status()).isIn(200, 201);
            assertThat(hub.invoke("GraphTopologySet", TestGraphs.topology(TestGraphs.HUB_TRIGGERED, "ModTrigger")
                    .toString()).status()).isIn(200, 201);
            for (String[] i : new String[][] { { "mod-1", "ModTopology" }, { "mod-trigger", "ModTrigger" } }) {
                assertThat(hub.invoke("GraphInstanceSet", TestGraphs.instance(i[0], i[1],
                        Map.of("rtspUrl", "rtsp://camera/stream")).toString()).status()).isIn(200, 201);
                assertThat(hub.invoke("GraphInstanceActivate", TestGraphs.named(i[0])).status()).isEqualTo(200);
            }

            String marker = UUID.randomUUID().toString();
            producer.send(GraphEvent.of(null, "mod-1", Subjects.processor("mod-1", "httpExtension"),
                    EventTypes.INFERENCE, -1, Json.mapper().createObjectNode().put("marker", marker))
                    .toRecord("mod.events")).get(30, TimeUnit.SECONDS);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> hub.telemetry().stream()
                    .anyMatch(t -> t.body().contains(marker)));
            TestIotHub.Telemetry t = hub.telemetry().stream().filter(x -> x.body().contains(marker)).findFirst()
                    .orElseThrow();
            assertThat(t.topic()).startsWith("devices/" + MosquittoTestResource.DEVICE_ID + "/modules/"
                    + MosquittoModuleTestResource.MODULE_ID + "/messages/events/");
            assertThat(t.properties()).containsEntry("$.on", "inferenceOutput")
                    .containsEntry("eventType", EventTypes.INFERENCE).doesNotContainKey("outputName");

            String body = "{\"trigger\":\"" + marker + "\"}";
            hub.sendToModuleInput(MosquittoTestResource.DEVICE_ID, MosquittoModuleTestResource.MODULE_ID,
                    "recordingTrigger", body);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            GraphEvent found = null;
            while (found == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                    GraphEvent e = GraphEvent.fromRecord(r);
                    if (e.eventType().equals(EventTypes.HUB_MESSAGE) && e.body().equals(Json.read(body))) {
                        found = e;
                    }
                }
            }
            assertThat(found).as("HubMessage event for the module input").isNotNull();
            assertThat(found.subject()).isEqualTo(Subjects.source("mod-trigger", "iotMessageSource"));
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "mod-test-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(List.of("mod.events"));
        return consumer;
    }
}
