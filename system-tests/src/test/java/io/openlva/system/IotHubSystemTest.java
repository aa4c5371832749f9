package io.openlva.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import io.openlva.devkit.iothub.TestIotHub;
import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.Json;
import io.openlva.launcher.LocalPipeline;

/**
 * The pipeline's events on IoT Hub's MQTT topics (mosquitto playing IoT Hub, the real device SDK in
 * hub-bridge), direct methods over MQTT, and an IoT Hub outage that loses nothing Kafka had.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IotHubSystemTest {

    LocalPipeline sys;
    TestIotHub cloud;

    @BeforeAll
    void connect() throws Exception {
        sys = SystemPipeline.shared();
        cloud = new TestIotHub(SystemPipeline.iotHub().caPem());
    }

    @AfterAll
    void disconnect() throws Exception {
        cloud.close();
    }

    @Test
    @Order(1)
    void directMethodsOverMqttAnswerAsLva() throws Exception {
        TestIotHub.MethodReply list = cloud.invoke("GraphTopologyList", "{\"@apiVersion\":\"2.0\"}");
        assertThat(list.status()).isEqualTo(200);
        assertThat(Json.read(list.payload()).has("value")).isTrue();
        TestIotHub.MethodReply missing = cloud.invoke("GraphInstanceGet", "{\"@apiVersion\":\"2.0\",\"name\":\"nope\"}");
        assertThat(missing.status()).isEqualTo(404);
        TestIotHub.MethodReply badVersion = cloud.invoke("GraphTopologyList", "{\"@apiVersion\":\"0.9\"}");
        assertThat(badVersion.status()).isEqualTo(400);
        assertThat(badVersion.payload()).contains("ApiVersionNotSupported");
    }

    @Test
    @Order(2)
    void inferenceEventsReachIotHubWithLvaProperties() throws Exception {
        PipelineSystemTest.activateOnce(sys);
        TestIotHub.Telemetry t = awaitTelemetry(Duration.ofMinutes(3), "person inference on IoT Hub", m ->
                EventTypes.INFERENCE.equals(m.properties().get("eventType"))
                        && m.properties().getOrDefault("subject", "").endsWith("/processors/objectDetection")
                        && m.body().contains("\"person\""));
        assertThat(t.topic()).startsWith("devices/" + SystemPipeline.DEVICE_ID + "/messages/events/");
        assertThat(t.properties()).containsKeys("topic", "eventTime", "dataVersion");
        assertThat(Json.read(t.body()).path("inferences").isArray()).isTrue();
    }

    @Test
    @Order(3)
    void anIotHubOutageLosesNoEvent() throws Exception {
        SystemPipeline.iotHub().stop();
        Instant outage = Instant.now();
        Thread.sleep(Duration.ofSeconds(15).toMillis()); // events keep landing in Kafka meanwhile
        Instant back = Instant.now();
        SystemPipeline.iotHub().start();
        Set<Long> during = new HashSet<>();
        for (GraphEvent e : sys.events().events()) {
            if (!e.eventTime().isBefore(outage) && e.eventTime().isBefore(back) && "objectDetection".equals(e.node())
                    && EventTypes.INFERENCE.equals(e.eventType())) {
                during.add(e.body().path("timestamp").asLong());
            }
        }
        assertThat(during).as("inference events produced while IoT Hub was down").isNotEmpty();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        Set<Long> delivered = new HashSet<>();
        while (System.nanoTime() < deadline && !delivered.containsAll(during)) {
            for (TestIotHub.Telemetry m : cloud.telemetry()) {
                JsonNode body = Json.read(m.body());
                delivered.add(body.path("timestamp").asLong());
            }
            Thread.sleep(500);
        }
        Set<Long> lost = new HashSet<>(during);
        lost.removeAll(delivered);
        System.out.println("IoT Hub outage: " + during.size() + " inference events produced during 15 s down, "
                + (during.size() - lost.size()) + " delivered after");
        assertThat(lost).as("events never delivered after the outage").isEmpty();
    }

    private TestIotHub.Telemetry awaitTelemetry(Duration timeout, String what,
            java.util.function.Predicate<TestIotHub.Telemetry> match) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<TestIotHub.Telemetry> seen = cloud.telemetry();
            for (TestIotHub.Telemetry t : seen) {
                if (match.test(t)) {
                    return t;
                }
            }
            Thread.sleep(300);
        }
        throw new AssertionError("no " + what + " within " + timeout + "; " + cloud.telemetry().size() + " messages seen");
    }
}
