package io.openlva.hub.graph;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.Json;
import io.openlva.graph.contract.Subjects;
import io.openlva.graph.contract.Topics;
import io.openlva.graph.model.InstanceState;
import io.openlva.graph.model.OwningService;
import io.openlva.hub.PlayedServices;
import io.openlva.hub.SharedKafkaResource;
import io.openlva.hub.TestGraphs;
import io.openlva.hub.TutorialReplay;
import io.openlva.hub.api.GraphApiTest;
import io.openlva.hub.store.GraphStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Activation and deactivation complete from the services' reports on the status topic (played here by
 * {@link PlayedServices} on the real broker): not before every service reported on the record hub-bridge wrote,
 * and after the transition timeout (8 s in tests) when one stays silent.
 */
@QuarkusTest
@QuarkusTestResource(value = SharedKafkaResource.class, restrictToAnnotatedClass = false)
class ServiceReportsTest {

    /** The custom-vision topology runs on ingest, sampler and inference (its IoT Hub sink is hub-bridge's own). */
    private static final List<OwningService> SERVICES = List.of(OwningService.INGEST, OwningService.SAMPLER,
            OwningService.INFERENCE);

    @Inject
    GraphStore store;

    @Inject
    PlayedServices services;

    @Inject
    Topics topics;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @BeforeEach
    void ready() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(store::ready);
    }

    private void create(String topology, String instance) {
        assertThat(call("GraphTopologySet", TestGraphs.topology(TestGraphs.CUSTOM_VISION, topology).toString())
                .status()).isIn(200, 201);
        assertThat(call("GraphInstanceSet", TestGraphs.instance(instance, topology,
                Map.of("rtspUrl", "rtsp://camera/stream")).toString()).status()).isIn(200, 201);
    }

    private static TutorialReplay.Reply call(String method, String payload) {
        return GraphApiTest.method(method, payload);
    }

    private static CompletableFuture<TutorialReplay.Reply> callLater(String method, String instance) {
        return CompletableFuture.supplyAsync(() -> call(method, TestGraphs.named(instance)));
    }

    private InstanceState state(String instance) {
        return store.instance(instance).orElseThrow().state();
    }

    @Test
    void activationCompletesOnceEveryServiceReportedOnItsRecord() throws Exception {
        create("ReportsTopology", "reports-1");
        create("ReportsTopology", "reports-2");
        services.hold("reports-1");
        try {
            CompletableFuture<TutorialReplay.Reply> activation = callLater("GraphInstanceActivate", "reports-1");
            long version = services.awaitTransition("reports-1", InstanceState.ACTIVATING).offset();
            services.report("reports-1", OwningService.INGEST, InstanceState.ACTIVE, version);
            services.report("reports-1", OwningService.SAMPLER, InstanceState.ACTIVE, version);
            // a report on an earlier record of the same name does not count
            services.report("reports-1", OwningService.INFERENCE, InstanceState.ACTIVE, version - 1);
            Awaitility.await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                    .until(() -> !activation.isDone() && state("reports-1") == InstanceState.ACTIVATING);

            // meanwhile the API answers, and another instance goes through its whole lifecycle
            assertThat(call("GraphInstanceList", TestGraphs.LIST).status()).isEqualTo(200);
            assertThat(call("GraphInstanceActivate", TestGraphs.named("reports-2")).status()).isEqualTo(200);
            assertThat(state("reports-2")).isEqualTo(InstanceState.ACTIVE);
            assertThat(call("GraphInstanceDeactivate", TestGraphs.named("reports-2")).status()).isEqualTo(200);
            assertThat(activation).isNotDone();

            long lastReport = System.nanoTime();
            services.report("reports-1", OwningService.INFERENCE, InstanceState.ACTIVE, version);
            TutorialReplay.Reply r = activation.get(30, TimeUnit.SECONDS);
            long afterReportMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastReport);
            assertThat(r.status()).isEqualTo(200);
            assertThat(afterReportMs).as("completed by the last report, not by the 8 s timeout").isLessThan(4000);
            assertThat(state("reports-1")).isEqualTo(InstanceState.ACTIVE);
            System.out.printf("[hub-bridge] activation completed %d ms after the last service report%n", afterReportMs);
        } finally {
            services.release("reports-1");
        }
        assertThat(call("GraphInstanceDeactivate", TestGraphs.named("reports-1")).status()).isEqualTo(200);
    }

    @Test
    void aServiceThatCannotRunItsPartRefusesTheActivationByNameAndReason() throws Exception {
        create("RefusedTopology", "refused-1");
        services.hold("refused-1");
        try {
            CompletableFuture<TutorialReplay.Reply> activation = callLater("GraphInstanceActivate", "refused-1");
            long version = services.awaitTransition("refused-1", InstanceState.ACTIVATING).offset();
            services.report("refused-1", OwningService.INGEST, InstanceState.ACTIVE, version);
            services.report("refused-1", OwningService.SAMPLER, InstanceState.ACTIVE, version);
            services.report("refused-1", OwningService.INFERENCE, InstanceState.INACTIVE, version,
                    "httpExtension: endpoint rtsp://user:hunter2@x/ refused");
            TutorialReplay.Reply r = activation.get(30, TimeUnit.SECONDS);
            assertThat(r.status()).isEqualTo(400);
            JsonNode error = Json.read(r.payload()).path("error");
            assertThat(error.path("code").asText()).isEqualTo("InvalidResource");
            assertThat(error.path("message").asText()).contains("inference-service", "httpExtension")
                    .doesNotContain("hunter2");
            assertThat(error.path("details").get(0).path("code").asText()).isEqualTo(ErrorCodes.ACTIVATION_REFUSED);
            assertThat(error.path("details").get(0).path("target").asText()).isEqualTo("inference-service");
            // back to Inactive, so the services stop what they started
            assertThat(state("refused-1")).isEqualTo(InstanceState.INACTIVE);
        } finally {
            services.release("refused-1");
        }
        assertThat(call("GraphInstanceDelete", TestGraphs.named("refused-1")).status()).isEqualTo(200);
    }

    @Test
    void deactivationCompletesOnceEveryServiceStoppedTheInstance() throws Exception {
        create("StopTopology", "stop-1");
        assertThat(call("GraphInstanceActivate", TestGraphs.named("stop-1")).status()).isEqualTo(200);
        services.hold("stop-1");
        try {
            CompletableFuture<TutorialReplay.Reply> deactivation = callLater("GraphInstanceDeactivate", "stop-1");
            long version = services.awaitTransition("stop-1", InstanceState.DEACTIVATING).offset();
            services.report("stop-1", OwningService.INGEST, InstanceState.INACTIVE, version);
            services.report("stop-1", OwningService.SAMPLER, InstanceState.INACTIVE, version);
            Awaitility.await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                    .until(() -> !deactivation.isDone() && state("stop-1") == InstanceState.DEACTIVATING);
            // the instance cannot be changed or deleted while its services wind it down
            assertThat(call("GraphInstanceDelete", TestGraphs.named("stop-1")).status()).isEqualTo(409);

            services.report("stop-1", OwningService.INFERENCE, InstanceState.INACTIVE, version);
            assertThat(deactivation.get(4, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(state("stop-1")).isEqualTo(InstanceState.INACTIVE);
        } finally {
            services.release("stop-1");
        }
        assertThat(call("GraphInstanceDelete", TestGraphs.named("stop-1")).status()).isEqualTo(200);
    }

    @Test
    void aSilentServiceDelaysTheChangeOnlyUntilTheTimeoutAndIsNamed() throws Exception {
        create("SilentTopology", "silent-1");
        double before = unreported("sampler-service", "Active");
        double inferenceBefore = unreported("inference-service", "Active");
        services.hold("silent-1");
        try {
            long start = System.nanoTime();
            CompletableFuture<TutorialReplay.Reply> activation = callLater("GraphInstanceActivate", "silent-1");
            long version = services.awaitTransition("silent-1", InstanceState.ACTIVATING).offset();
            services.report("silent-1", OwningService.INGEST, InstanceState.ACTIVE, version);
            // inference could not start its node: it answers, and is not waited for
            services.report("silent-1", OwningService.INFERENCE, InstanceState.INACTIVE, version);
            TutorialReplay.Reply r = activation.get(30, TimeUnit.SECONDS);
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(r.status()).as("LVA's answer to an activation").isEqualTo(200);
            assertThat(tookMs).as("waited for the silent sampler until the timeout").isGreaterThanOrEqualTo(7500);
            assertThat(state("silent-1")).isEqualTo(InstanceState.ACTIVE);
            assertThat(unreported("sampler-service", "Active")).isEqualTo(before + 1);
            assertThat(unreported("inference-service", "Active")).as("inference did report").isEqualTo(inferenceBefore);
        } finally {
            services.release("silent-1");
        }
        assertThat(call("GraphInstanceDeactivate", TestGraphs.named("silent-1")).status()).isEqualTo(200);
    }

    @Test
    void aServiceThatStopsRunningAnActiveInstanceIsARuntimeErrorEvent() throws Exception {
        create("FailingTopology", "failing-1");
        try (KafkaConsumer<String, byte[]> consumer = eventsConsumer()) {
            assertThat(call("GraphInstanceActivate", TestGraphs.named("failing-1")).status()).isEqualTo(200);
            long active = store.snapshot().instanceVersion("failing-1");
            // the services report on the Active record too; then inference's model fails at run time
            services.report("failing-1", OwningService.INFERENCE, InstanceState.ACTIVE, active);
            services.report("failing-1", OwningService.INFERENCE, InstanceState.INACTIVE, active,
                    "httpExtension: endpoint http://user:hunter2@scorer/ stopped answering");
            List<GraphEvent> events = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline
                    && events.stream().noneMatch(e -> e.eventType().equals(EventTypes.RUNTIME_ERROR))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                    if ("failing-1".equals(r.key())) {
                        events.add(GraphEvent.fromRecord(r));
                    }
                }
            }
            assertThat(events).extracting(GraphEvent::eventType)
                    .containsExactly(EventTypes.GRAPH_INSTANCE_STARTED, EventTypes.RUNTIME_ERROR);
            GraphEvent error = events.get(1);
            assertThat(error.subject()).isEqualTo(Subjects.instance("failing-1"));
            assertThat(error.body().path("code").asText()).isEqualTo("ServiceStopped");
            assertThat(error.body().path("errorDetails").asText()).contains("inference-service", "stopped answering")
                    .doesNotContain("hunter2");
            // the same report again (written twice, as after a producer retry) is not a second failure
            services.report("failing-1", OwningService.INFERENCE, InstanceState.INACTIVE, active,
                    "httpExtension: endpoint http://user:hunter2@scorer/ stopped answering");
            assertThat(call("GraphInstanceDeactivate", TestGraphs.named("failing-1")).status()).isEqualTo(200);
            List<String> after = new ArrayList<>();
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline && !after.contains(EventTypes.GRAPH_INSTANCE_STOPPED)) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                    if ("failing-1".equals(r.key())) {
                        after.add(GraphEvent.fromRecord(r).eventType());
                    }
                }
            }
            assertThat(after).containsExactly(EventTypes.GRAPH_INSTANCE_STOPPED);
        }
        assertThat(call("GraphInstanceDelete", TestGraphs.named("failing-1")).status()).isEqualTo(200);
    }

    private KafkaConsumer<String, byte[]> eventsConsumer() {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topics.events(), Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    /** openlva_hub_transitions_unreported_total for one service and target state, 0 when absent. */
    private static double unreported(String service, String state) {
        String metrics = given().get("/q/metrics").asString();
        Matcher m = Pattern.compile("openlva_hub_transitions_unreported_total\\{([^}]*)\\} ([0-9.E]+)").matcher(metrics);
        while (m.find()) {
            if (m.group(1).contains("service=\"" + service + "\"") && m.group(1).contains("state=\"" + state + "\"")) {
                return Double.parseDouble(m.group(2));
            }
        }
        return 0;
    }
}
