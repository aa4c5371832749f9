package io.openlva.hub.iothub;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.openlva.devkit.iothub.TestIotHub;
import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.Json;
import io.openlva.graph.contract.Subjects;
import io.openlva.hub.SharedKafkaResource;
import io.openlva.hub.store.GraphStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * hub-bridge as a module reads its module twin with the real device SDK, from the MQTT broker playing IoT Hub:
 * the desired properties LVA/AVA honoured decide where diagnostics and operational events go (an empty name: not
 * published) and the log level, and a desired-properties patch changes them while it runs.
 */
@QuarkusTest
@TestProfile(ModuleTwinTest.AsModuleWithTwin.class)
@QuarkusTestResource(value = SharedKafkaResource.class, restrictToAnnotatedClass = false)
class ModuleTwinTest {

    private static final String EVENTS = "twin.events";

    /** A module as in ModuleClientTest, with outputs configured for the twin to override. */
    public static class AsModuleWithTwin extends ModuleClientTest.AsModule {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("openlva.topic-prefix", "twin.", "openlva.hub.iothub.consumer-group", "hub-bridge-twin-test",
                    "openlva.hub.iothub.diagnostics-events-output-name", "configuredDiagnostics",
                    "openlva.hub.iothub.operational-events-output-name", "configuredOperational");
        }
    }

    @Inject
    GraphStore store;

    @Inject
    IotHubBridge bridge;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @AfterEach
    void configuredLogLevel() {
        java.util.logging.Logger.getLogger(ModuleTwin.CATEGORY).setLevel(null);
    }

    @Test
    void theTwinsDesiredPropertiesDecideWhereEventsGoAndAPatchChangesThat() throws Exception {
        // AVA's deployment manifests spell the keys in PascalCase; LVA's in camelCase: both are read
        String desired = "{\"DiagnosticsEventsOutputName\":\"avaDiagnostics\",\"operationalEventsOutputName\":\"\","
                + "\"LogLevel\":\"Verbose\"}";
        try (TestIotHub hub = new TestIotHub(MosquittoModuleTestResource.broker().caPem(), desired);
                KafkaProducer<String, byte[]> producer = producer()) {
            Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> store.ready() && bridge.connected());
            // hub-bridge read the twin on connecting, or reads it again until an IoT Hub answers
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> hub.twinReads() > 0
                    && bridge.twin().diagnosticsOutput().equals(java.util.Optional.of("avaDiagnostics")));
            assertThat(bridge.twin().operationalOutput()).as("present but empty: not published").isEmpty();
            assertThat(java.util.logging.Logger.getLogger(ModuleTwin.CATEGORY).getLevel()).isEqualTo(Level.FINE);
            assertThat(org.jboss.logging.Logger.getLogger(IotHubBridge.class).isDebugEnabled()).isTrue();

            // events of one instance are sent in order: once the diagnostics event after it arrived, the
            // operational one before it was dealt with
            String run = UUID.randomUUID().toString().substring(0, 8);
            send(producer, EventTypes.RECORDING_STARTED, "op-off-" + run);
            send(producer, EventTypes.MEDIA_SESSION_ESTABLISHED, "diag-on-" + run);
            TestIotHub.Telemetry diag = await(hub, "diag-on-" + run);
            assertThat(diag.properties()).containsEntry("$.on", "avaDiagnostics");
            assertThat(bodies(hub)).noneMatch(b -> b.contains("op-off-" + run));

            // the back end changes the twin: operational events on, diagnostics back to the configured output
            hub.patchDesired("{\"operationalEventsOutputName\":\"avaOperational\",\"DiagnosticsEventsOutputName\":null,"
                    + "\"logLevel\":\"Warning\"}");
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> bridge.twin().operationalOutput().equals(java.util.Optional.of("avaOperational")));
            assertThat(bridge.twin().diagnosticsOutput()).contains("configuredDiagnostics");
            assertThat(java.util.logging.Logger.getLogger(ModuleTwin.CATEGORY).getLevel()).isEqualTo(Level.WARNING);
            send(producer, EventTypes.RECORDING_STARTED, "op-on-" + run);
            send(producer, EventTypes.MEDIA_SESSION_ESTABLISHED, "diag-configured-" + run);
            assertThat(await(hub, "op-on-" + run).properties()).containsEntry("$.on", "avaOperational")
                    .containsEntry("eventType", EventTypes.RECORDING_STARTED);
            assertThat(await(hub, "diag-configured-" + run).properties()).containsEntry("$.on", "configuredDiagnostics");
            System.out.printf("[hub-bridge] module twin: read %d time(s); a desired patch moved operational events "
                    + "from off to 'avaOperational' and diagnostics from 'avaDiagnostics' to the configured output%n",
                    hub.twinReads());
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, String type, String marker) throws Exception {
        String subject = EventTypes.isDiagnostics(type) ? Subjects.source("twin-1", "rtspSource")
                : Subjects.sink("twin-1", "fileSink");
        producer.send(GraphEvent.of(null, "twin-1", subject, type, -1,
                Json.mapper().createObjectNode().put("marker", marker)).toRecord(EVENTS)).get(30, TimeUnit.SECONDS);
    }

    private static TestIotHub.Telemetry await(TestIotHub hub, String marker) {
        return Awaitility.await().atMost(Duration.ofSeconds(60)).until(
                () -> hub.telemetry().stream().filter(t -> t.body().contains(marker)).findFirst().orElse(null),
                t -> t != null);
    }

    private static List<String> bodies(TestIotHub hub) {
        return hub.telemetry().stream().map(TestIotHub.Telemetry::body).toList();
    }

    private KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }
}
