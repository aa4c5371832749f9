package io.openlva.hub.iothub;

import io.openlva.devkit.iothub.TestIotHub;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.hub.SharedKafkaResource;
import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.Json;
import io.openlva.graph.contract.Subjects;
import io.openlva.hub.TestGraphs;
import io.openlva.hub.TutorialReplay;
import io.openlva.hub.store.GraphStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** hub-bridge against a real MQTT broker playing IoT Hub, with the real device SDK. */
@QuarkusTest
@TestProfile(IotHubProfile.class)
@QuarkusTestResource(value = SharedKafkaResource.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IotHubBridgeTest {

    private static final String EVENTS = "iot.events";

    @Inject
    GraphStore store;

    @Inject
    IotHubBridge bridge;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private TestIotHub hub;
    private KafkaProducer<String, byte[]> producer;

    @BeforeAll
    void connect() throws Exception {
        hub = new TestIotHub(MosquittoTestResource.broker().caPem());
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    void disconnect() throws Exception {
        if (hub != null) {
            hub.close();
        }
        if (producer != null) {
            producer.close();
        }
    }

    @BeforeEach
    void ready() {
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> store.ready() && bridge.connected());
    }

    @Test
    @Order(1)
    void tutorialCallsReplayOverIotHubDirectMethods() throws Exception {
        List<TutorialReplay.Call> mqtt = TutorialReplay.run((m, payload) -> {
            TestIotHub.MethodReply r = hub.invoke(m, payload);
            return new TutorialReplay.Reply(r.status(), r.payload());
        }, "CustomVisionWithHttpExtension", "Sample-Graph-1");
        assertThat(mqtt).extracting(TutorialReplay.Call::status)
                .containsExactly(200, 200, 201, 201, 200, 200, 200, 200, 200, 200);
        System.out.println("[hub-bridge] tutorial over IoT Hub direct methods (MQTT): " + mqtt);

        // the same calls over HTTP, in the same application
        List<TutorialReplay.Call> http = TutorialReplay.run((m, payload) -> {
            var r = given().contentType(ContentType.JSON).body(payload).post("/api/methods/" + m);
            return new TutorialReplay.Reply(r.statusCode(), r.asString());
        }, "CustomVisionWithHttpExtension", "Sample-Graph-1");
        assertThat(http).isEqualTo(mqtt);

        // errors travel as the method's status and LVA error body
        TestIotHub.MethodReply missing = hub.invoke("GraphInstanceGet", TestGraphs.named("no-such-instance"));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(Json.read(missing.payload()).path("error").path("code").asText()).isEqualTo("NotFound");
        TestIotHub.MethodReply version = hub.invoke("GraphTopologyList", "{\"@apiVersion\":\"3.0\"}");
        assertThat(version.status()).isEqualTo(400);
        assertThat(version.payload()).contains("ApiVersionNotSupported");
    }

    @Test
    @Order(2)
    void eventsOfNodesFeedingAHubSinkReachIotHubWithLvaProperties() throws Exception {
        activate("HubTopology", "hub-1");
        hub.clear();
        ObjectNode inference = Json.mapper().createObjectNode();
        inference.putArray("inferences").addObject().put("type", "entity").putObject("entity")
                .putObject("tag").put("value", "delivery truck").put("confidence", 0.69806677);
        inference.put("marker", "routed-1");
        GraphEvent routed = event("hub-1", Subjects.processor("hub-1", "httpExtension"), EventTypes.INFERENCE, inference);
        GraphEvent unrouted = event("hub-1", Subjects.processor("hub-1", "notASinkInput"), EventTypes.INFERENCE,
                marker("unrouted-1"));
        GraphEvent diagnostics = event("hub-1", Subjects.source("hub-1", "rtspSource"),
                EventTypes.MEDIA_SESSION_ESTABLISHED, marker("diagnostics-1"));
        GraphEvent last = event("hub-1", Subjects.processor("hub-1", "httpExtension"), EventTypes.INFERENCE,
                marker("routed-2"));
        for (GraphEvent e : List.of(routed, unrouted, diagnostics, last)) {
            publish(e);
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> markers().contains("routed-2"));

        TestIotHub.Telemetry t = byMarker("routed-1");
        assertThat(t.topic()).startsWith("devices/" + MosquittoTestResource.DEVICE_ID + "/messages/events/");
        assertThat(Json.read(t.body())).isEqualTo(inference);
        Map<String, String> p = t.properties();
        assertThat(p).containsEntry("subject", "/graphInstances/hub-1/processors/httpExtension")
                .containsEntry("eventType", "Microsoft.Media.Graph.Analytics.Inference")
                .containsEntry("dataVersion", "1.0")
                .containsEntry("topic", GraphEvent.DEFAULT_TOPIC)
                .containsEntry("outputName", "inferenceOutput")
                .containsEntry("$.ct", "application/json");
        assertThat(Instant.parse(p.get("eventTime"))).isEqualTo(routed.eventTime().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(byMarker("diagnostics-1").properties()).containsEntry("outputName", "diagnostics")
                .containsEntry("eventType", EventTypes.MEDIA_SESSION_ESTABLISHED);
        assertThat(markers()).doesNotContain("unrouted-1");
    }

    @Test
    @Order(3)
    void anOutageLosesNothingAndKeepsOrderPerInstance() throws Exception {
        activate("HubTopology", "hub-1");
        activate("HubTopology", "hub-2");
        hub.clear();
        MosquittoTestResource.broker().stop();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !bridge.connected());
        int perInstance = 15;
        for (int n = 0; n < perInstance; n++) {
            for (String instance : List.of("hub-1", "hub-2")) {
                publish(event(instance, Subjects.processor(instance, "httpExtension"), EventTypes.INFERENCE,
                        marker(instance + "#" + n)));
            }
        }
        Thread.sleep(1000); // events wait in Kafka while the hub is away; nothing can arrive now
        assertThat(markers()).isEmpty();
        MosquittoTestResource.broker().start();
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> markers().stream().distinct().count() == 2L * perInstance);
        List<String> received = markers();
        for (String instance : List.of("hub-1", "hub-2")) {
            List<Integer> firstSeen = received.stream().filter(m -> m.startsWith(instance + "#")).distinct()
                    .map(m -> Integer.parseInt(m.substring(m.indexOf('#') + 1))).toList();
            assertThat(firstSeen).as("order of " + instance).isSorted().hasSize(perInstance);
        }
        System.out.printf("[hub-bridge] outage: %d events published while the broker was down, %d messages "
                + "received after it returned (%d distinct, %d duplicates)%n", 2 * perInstance, received.size(),
                received.stream().distinct().count(), received.size() - received.stream().distinct().count());
    }

    @Test
    @Order(4)
    void eventsOlderThanTheTimeToLiveAreSkippedAndCounted() throws Exception {
        activate("HubTopology", "hub-1");
        hub.clear();
        GraphEvent old = new GraphEvent(UUID.randomUUID().toString(), "hub-1", null,
                Subjects.processor("hub-1", "httpExtension"), EventTypes.INFERENCE,
                Instant.now().minus(Duration.ofHours(2)), null, -1, marker("expired-1"));
        publish(old);
        publish(event("hub-1", Subjects.processor("hub-1", "httpExtension"), EventTypes.INFERENCE, marker("fresh-1")));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> markers().contains("fresh-1"));
        assertThat(markers()).doesNotContain("expired-1");
        String metrics = given().get("/q/metrics").asString();
        assertThat(metrics).containsPattern("openlva_hub_events_expired_total(\\{[^}]*\\})? [1-9]");
    }

    @Test
    @Order(5)
    void aMessageOnAHubInputBecomesAnEventForTheMessageSource() throws Exception {
        activate("HubTriggeredTopology", "trigger-1");
        String body = "{\"trigger\":\"open\",\"id\":\"" + UUID.randomUUID() + "\"}";
        try (KafkaConsumer<String, byte[]> consumer = eventsConsumer()) {
            hub.sendToDevice(MosquittoTestResource.DEVICE_ID, Map.of("inputName", "recordingTrigger"), body);
            GraphEvent event = awaitEvent(consumer, e -> e.eventType().equals(EventTypes.HUB_MESSAGE)
                    && e.subject().equals(Subjects.source("trigger-1", "iotMessageSource")));
            assertThat(event.instance()).isEqualTo("trigger-1");
            assertThat(event.body()).isEqualTo(Json.read(body));
        }
    }

    @Test
    @Order(6)
    void eventsIotHubWillNeverAcceptAreDeadLetteredWithoutBlockingTheirInstance() throws Exception {
        activate("HubTopology", "hub-1");
        hub.clear();
        double before = metric("openlva_hub_events_dead_lettered_total");
        ObjectNode huge = marker("too-large-1");
        huge.put("padding", "x".repeat(300 * 1024));
        publish(event("hub-1", Subjects.processor("hub-1", "httpExtension"), EventTypes.INFERENCE, huge));
        // no headers, not JSON: not an event at all; with its instance's key, and without any key
        producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(EVENTS, "hub-1",
                "not an event".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
        producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(EVENTS, null,
                "no key either".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
        publish(event("hub-1", Subjects.processor("hub-1", "httpExtension"), EventTypes.INFERENCE,
                marker("after-dead-letters")));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> markers().contains("after-dead-letters"));
        assertThat(markers()).doesNotContain("too-large-1");
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> metric("openlva_hub_events_dead_lettered_total") == before + 3);

        List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer("iot.hub.dead-letter", "earliest")) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (dead.size() < 3 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(300)).forEach(dead::add);
            }
        }
        assertThat(dead).hasSizeGreaterThanOrEqualTo(3);
        ConsumerRecord<String, byte[]> tooLarge = dead.stream().filter(r -> utf8(r.value()).contains("too-large-1"))
                .findFirst().orElseThrow();
        assertThat(tooLarge.key()).isEqualTo("hub-1");
        assertThat(utf8(tooLarge.headers().lastHeader("dead-letter-reason").value())).contains("IoT Hub accepts");
        assertThat(utf8(tooLarge.headers().lastHeader("dead-letter-topic").value())).isEqualTo(EVENTS);
        assertThat(tooLarge.headers().lastHeader("subject")).as("the event's own headers travel along").isNotNull();
        assertThat(dead.stream().map(r -> utf8(r.value()))).contains("not an event", "no key either");
        System.out.printf("[hub-bridge] dead letters: %d (too large, not an event, no key); the next event of the instance "
                + "was delivered%n", dead.size());
    }

    // ---- helpers

    private static double metric(String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? ([0-9.E]+)")
                .matcher(given().get("/q/metrics").asString());
        return m.find() ? Double.parseDouble(m.group(2)) : 0;
    }

    private KafkaConsumer<String, byte[]> consumer(String topic, String offsetReset) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "iot-test-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, offsetReset);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    @Test
    @Order(7)
    void anAvaPipelinesEventsWearAvasEnvelopeOnKafkaAndIotHub() throws Exception {
        // the LVA test topology in AVA's spelling, set and activated with AVA's direct methods
        setAvaPipeline("AvaHubTopology", "ava-1");
        assertThat(hub.invoke("livePipelineActivate", "{\"@apiVersion\":\"1.1\",\"name\":\"ava-1\"}").status())
                .isEqualTo(200);
        hub.clear();
        // an emitter writes the event as every service does (LVA's form in, the envelope put on by GraphEvent)
        GraphEvent inference = event("ava-1", Subjects.processor("ava-1", "httpExtension"), EventTypes.INFERENCE,
                marker("ava-routed-1"));
        var record = inference.toRecord(EVENTS);
        assertThat(new String(record.headers().lastHeader("eventType").value(), StandardCharsets.UTF_8))
                .isEqualTo("Microsoft.VideoAnalyzer.Analytics.Inference");
        assertThat(new String(record.headers().lastHeader("subject").value(), StandardCharsets.UTF_8))
                .isEqualTo("/edgeModules/avaedge/livePipelines/ava-1/processors/httpExtension");
        producer.send(record).get(30, TimeUnit.SECONDS);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> markers().contains("ava-routed-1"));
        Map<String, String> p = byMarker("ava-routed-1").properties();
        assertThat(p).containsEntry("eventType", "Microsoft.VideoAnalyzer.Analytics.Inference")
                .containsEntry("subject", "/edgeModules/avaedge/livePipelines/ava-1/processors/httpExtension")
                .containsEntry("outputName", "inferenceOutput");
        assertThat(hub.invoke("livePipelineDeactivate", "{\"@apiVersion\":\"1.1\",\"name\":\"ava-1\"}").status())
                .isEqualTo(200);
    }

    @Test
    @Order(8)
    void activatingAndDeactivatingEmitOperationalEventsInEachFlavorsEnvelope() throws Exception {
        try (KafkaConsumer<String, byte[]> consumer = eventsConsumer()) {
            hub.clear();
            // an LVA graph through LVA's direct methods
            activate("HubTopology", "ops-lva");
            assertThat(hub.invoke("GraphInstanceDeactivate", TestGraphs.named("ops-lva")).status()).isEqualTo(200);
            // an AVA pipeline through AVA's
            setAvaPipeline("AvaOpsTopology", "ops-ava");
            for (String m : List.of("livePipelineActivate", "livePipelineDeactivate")) {
                assertThat(hub.invoke(m, "{\"@apiVersion\":\"1.1\",\"name\":\"ops-ava\"}").status()).isEqualTo(200);
            }

            // on Kafka, in order per instance, each in its own envelope
            List<String> expected = List.of(
                    "Microsoft.Media.Graph.Operational.GraphInstanceStarted /graphInstances/ops-lva",
                    "Microsoft.Media.Graph.Operational.GraphInstanceStopped /graphInstances/ops-lva",
                    "Microsoft.VideoAnalyzer.Operational.LivePipelineActivated /edgeModules/avaedge/livePipelines/ops-ava",
                    "Microsoft.VideoAnalyzer.Operational.LivePipelineDeactivated /edgeModules/avaedge/livePipelines/ops-ava");
            List<String> onKafka = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (onKafka.size() < expected.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                    if (r.key() != null && r.key().startsWith("ops-")) {
                        onKafka.add(utf8(r.headers().lastHeader("eventType").value()) + " "
                                + utf8(r.headers().lastHeader("subject").value()));
                        assertThat(Json.read(r.value()).path("topologyName").asText()).startsWith(
                                r.key().equals("ops-lva") ? "HubTopology" : "AvaOpsTopology");
                    }
                }
            }
            assertThat(onKafka).containsExactlyElementsOf(expected);

            // on IoT Hub, on the operational output, with the same application properties
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> operational().size() >= expected.size());
            assertThat(operational()).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(hub.telemetry()).filteredOn(t -> t.properties().getOrDefault("subject", "").endsWith("/ops-ava"))
                    .allSatisfy(t -> assertThat(t.properties()).containsEntry("outputName", "operational")
                            .containsEntry("dataVersion", "1.0"));
            System.out.println("[hub-bridge] operational events on Kafka and IoT Hub: " + onKafka);
        }
    }

    /** "eventType subject" of the instance events IoT Hub received. */
    private List<String> operational() {
        return hub.telemetry().stream().filter(t -> t.properties().getOrDefault("eventType", "").contains("Operational.")
                && t.properties().getOrDefault("subject", "").matches(".*/ops-(lva|ava)"))
                .map(t -> t.properties().get("eventType") + " " + t.properties().get("subject")).toList();
    }

    /** The LVA test topology in AVA's spelling and a live pipeline of it, set with AVA's direct methods. */
    private void setAvaPipeline(String topologyName, String pipeline) throws Exception {
        String lva = TestGraphs.topology(TestGraphs.CUSTOM_VISION, topologyName).toString();
        ObjectNode ava = (ObjectNode) Json.read(lva.replace("#Microsoft.Media.MediaGraphIoTHubMessageSink",
                "#Microsoft.VideoAnalyzer.IotHubMessageSink").replace("#Microsoft.Media.MediaGraph", "#Microsoft.VideoAnalyzer."));
        ava.put("@apiVersion", "1.1");
        assertThat(hub.invoke("pipelineTopologySet", ava.toString()).status()).isIn(200, 201);
        assertThat(hub.invoke("livePipelineSet", "{\"@apiVersion\":\"1.1\",\"name\":\"" + pipeline + "\",\"properties\":"
                + "{\"topologyName\":\"" + topologyName + "\",\"parameters\":[{\"name\":\"rtspUrl\","
                + "\"value\":\"rtsp://camera/stream\"}]}}").status()).isIn(200, 201);
    }

    private void activate(String topologyName, String instance) throws Exception {
        String topologyFile = topologyName.equals("HubTriggeredTopology") ? TestGraphs.HUB_TRIGGERED
                : TestGraphs.CUSTOM_VISION;
        Map<String, String> params = new LinkedHashMap<>();
        params.put("rtspUrl", "rtsp://camera/stream");
        if (store.topology(topologyName).isEmpty()) {
            assertThat(hub.invoke("GraphTopologySet", TestGraphs.topology(topologyFile, topologyName).toString())
                    .status()).isEqualTo(201);
        }
        if (store.instance(instance).isEmpty()) {
            assertThat(hub.invoke("GraphInstanceSet", TestGraphs.instance(instance, topologyName, params).toString())
                    .status()).isEqualTo(201);
        }
        assertThat(hub.invoke("GraphInstanceActivate", TestGraphs.named(instance)).status()).isEqualTo(200);
    }

    private static GraphEvent event(String instance, String subject, String type, JsonNode body) {
        return GraphEvent.of(null, instance, subject, type, -1, body);
    }

    private static ObjectNode marker(String marker) {
        return Json.mapper().createObjectNode().put("marker", marker);
    }

    private void publish(GraphEvent e) throws Exception {
        producer.send(e.toRecord(EVENTS)).get(30, TimeUnit.SECONDS);
    }

    private List<String> markers() {
        List<String> m = new ArrayList<>();
        for (TestIotHub.Telemetry t : hub.telemetry()) {
            JsonNode body = Json.read(t.body());
            if (body.has("marker")) {
                m.add(body.get("marker").asText());
            }
        }
        return m;
    }

    private TestIotHub.Telemetry byMarker(String marker) {
        return hub.telemetry().stream().filter(t -> marker.equals(Json.read(t.body()).path("marker").asText()))
                .findFirst().orElseThrow(() -> new AssertionError(marker + " not received"));
    }

    private KafkaConsumer<String, byte[]> eventsConsumer() {
        KafkaConsumer<String, byte[]> consumer = consumer(EVENTS, "latest");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200));
        }
        consumer.seekToEnd(consumer.assignment());
        consumer.assignment().forEach(consumer::position);
        return consumer;
    }

    private static GraphEvent awaitEvent(KafkaConsumer<String, byte[]> consumer,
            java.util.function.Predicate<GraphEvent> match) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                GraphEvent e = GraphEvent.fromRecord(r);
                if (match.test(e)) {
                    return e;
                }
            }
        }
        throw new AssertionError("no matching event in " + EVENTS + " within 60 s");
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
