package io.openlva.hub.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

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

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.graph.contract.Json;
import io.openlva.graph.contract.Topics;
import io.openlva.graph.model.InstanceState;
import io.openlva.hub.SharedKafkaResource;
import io.openlva.hub.TestGraphs;
import io.openlva.hub.TutorialReplay;
import io.openlva.hub.store.GraphStore;
import io.openlva.runtime.KafkaFactory;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
@QuarkusTestResource(value = SharedKafkaResource.class, restrictToAnnotatedClass = false)
public class GraphApiTest {

    @Inject
    GraphStore store;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @BeforeEach
    void ready() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(store::ready);
    }

    public static TutorialReplay.Reply method(String method, String payload) {
        Response r = given().contentType(ContentType.JSON).body(payload).post("/api/methods/" + method);
        return new TutorialReplay.Reply(r.statusCode(), r.asString());
    }

    @Test
    void tutorialCallsReplayOverApiMethods() throws Exception {
        List<TutorialReplay.Call> calls = TutorialReplay.run(GraphApiTest::method, "HttpTutorialTopology",
                "Sample-Graph-1");
        assertThat(calls).extracting(TutorialReplay.Call::status)
                .containsExactly(200, 200, 201, 201, 200, 200, 200, 200, 200, 200);
        System.out.println("[hub-bridge] tutorial over /api/methods: " + calls);
    }

    @Test
    void resourceApiFollowsTheLifecycle() {
        String t = "RestTopology";
        String i = "rest-instance";
        given().contentType(ContentType.JSON).body(TestGraphs.topology(TestGraphs.CUSTOM_VISION, t).toString())
                .put("/api/topologies/" + t).then().statusCode(201).body("name", equalTo(t));
        given().contentType(ContentType.JSON).body(TestGraphs.topology(TestGraphs.CUSTOM_VISION, t).toString())
                .put("/api/topologies/" + t).then().statusCode(200);
        given().get("/api/topologies/" + t).then().statusCode(200).body("properties.sinks[0].name", equalTo("hubSink"));
        given().get("/api/topologies").then().statusCode(200).body("value.name", org.hamcrest.Matchers.hasItem(t));

        ObjectBody instance = new ObjectBody(TestGraphs.instance(i, t, TestGraphs.tutorialParameters()).toString());
        given().contentType(ContentType.JSON).body(instance.json).put("/api/instances/" + i).then().statusCode(201)
                .body("properties.state", org.hamcrest.Matchers.equalToIgnoringCase("inactive"));
        given().post("/api/instances/" + i + "/activate").then().statusCode(200);
        given().get("/api/instances/" + i).then().statusCode(200).body("properties.state", org.hamcrest.Matchers.equalToIgnoringCase("active"))
                .body(org.hamcrest.Matchers.not(containsString("testpassword")));

        // conflicts while active
        given().contentType(ContentType.JSON).body(instance.json).put("/api/instances/" + i).then().statusCode(409)
                .body("error.code", equalTo("OperationNotAllowedInState"));
        given().contentType(ContentType.JSON).body(TestGraphs.topology(TestGraphs.CUSTOM_VISION, t).toString())
                .put("/api/topologies/" + t).then().statusCode(409).body("error.code", equalTo("GraphTopologyInUse"));
        given().delete("/api/instances/" + i).then().statusCode(409);
        given().delete("/api/topologies/" + t).then().statusCode(409).body("error.code", equalTo("GraphTopologyInUse"));

        given().post("/api/instances/" + i + "/deactivate").then().statusCode(200);
        given().get("/api/instances/" + i).then().body("properties.state", org.hamcrest.Matchers.equalToIgnoringCase("inactive"));
        // still used by an inactive instance: LVA refuses the delete too
        given().delete("/api/topologies/" + t).then().statusCode(409);
        given().delete("/api/instances/" + i).then().statusCode(200);
        given().delete("/api/instances/" + i).then().statusCode(204);
        given().get("/api/instances/" + i).then().statusCode(404).body("error.code", equalTo("NotFound"));
        given().delete("/api/topologies/" + t).then().statusCode(200);
        given().delete("/api/topologies/" + t).then().statusCode(204);
        given().get("/api/topologies/" + t).then().statusCode(404);
    }

    record ObjectBody(String json) {
    }

    @Test
    void stateIsInTheCompactedTopicsAndSurvivesARestart() throws Exception {
        String t = "DurableTopology";
        String i = "durable-instance";
        assertThat(method("GraphTopologySet", TestGraphs.topology(TestGraphs.CUSTOM_VISION, t).toString()).status())
                .isIn(200, 201);
        assertThat(method("GraphInstanceSet", TestGraphs.instance(i, t, TestGraphs.tutorialParameters()).toString())
                .status()).isIn(200, 201);
        assertThat(method("GraphInstanceActivate", TestGraphs.named(i)).status()).isEqualTo(200);

        // what every other service sees: Activating then Active, secrets in clear only in the topic
        List<String> states = instanceStates(i);
        assertThat(states).containsSubsequence("activating", "active");
        assertThat(String.join(" ", rawInstanceValues(i))).contains("testpassword");

        // a new hub-bridge (same topics) rebuilds the same view
        try (GraphStore restarted = restartedStore()) {
            assertThat(restarted.topology(t)).isPresent();
            assertThat(restarted.instance(i)).hasValueSatisfying(x -> {
                assertThat(x.state()).isEqualTo(InstanceState.ACTIVE);
                assertThat(x.parameters()).containsEntry("rtspPassword", "testpassword");
            });
        }

        assertThat(method("GraphInstanceDeactivate", TestGraphs.named(i)).status()).isEqualTo(200);
        assertThat(instanceStates(i)).containsSubsequence("activating", "active", "deactivating", "inactive");
        assertThat(method("GraphInstanceDelete", TestGraphs.named(i)).status()).isEqualTo(200);
        assertThat(method("GraphTopologyDelete", TestGraphs.named(t)).status()).isEqualTo(200);
        try (GraphStore restarted = restartedStore()) {
            assertThat(restarted.topology(t)).isEmpty();
            assertThat(restarted.instance(i)).isEmpty();
        }
    }

    /** Another hub-bridge on the same topics, its view replayed. */
    private GraphStore restartedStore() {
        GraphStore restarted = new GraphStore(new KafkaFactory(bootstrapServers), new Topics("lva."),
                Duration.ofSeconds(15));
        restarted.start();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(restarted::ready);
        return restarted;
    }

    @Test
    void activationIsRefusedForNodeKindsThisDeploymentCannotRun() {
        // an AVA pipeline with spatial analysis (CognitiveServicesVision), a kind no service runs yet
        String t = "SpatialTopology";
        String i = "spatial-pipeline";
        String lva = TestGraphs.topology(TestGraphs.CUSTOM_VISION, t).toString();
        ObjectNode ava = (ObjectNode) Json.read(lva.replace("#Microsoft.Media.MediaGraphIoTHubMessageSink",
                "#Microsoft.VideoAnalyzer.IotHubMessageSink").replace("#Microsoft.Media.MediaGraph", "#Microsoft.VideoAnalyzer."));
        ava.put("@apiVersion", "1.1");
        ObjectNode properties = (ObjectNode) ava.get("properties");
        ObjectNode spatial = properties.withArray("processors").addObject()
                .put("@type", "#Microsoft.VideoAnalyzer.CognitiveServicesVisionProcessor").put("name", "spatialAnalysis");
        spatial.putObject("endpoint").put("@type", "#Microsoft.VideoAnalyzer.UnsecuredEndpoint").put("url", "tcp://127.0.0.1:50051");
        spatial.putArray("inputs").addObject().put("nodeName", "rtspSource");
        ((ObjectNode) properties.withArray("sinks").get(0).get("inputs").get(0)).put("nodeName", "spatialAnalysis");
        assertThat(method("pipelineTopologySet", ava.toString()).status()).isIn(200, 201);
        assertThat(method("livePipelineSet", """
                {"@apiVersion":"1.1","name":"%s","properties":{"topologyName":"%s",
                 "parameters":[{"name":"rtspUrl","value":"rtsp://camera/stream"}]}}""".formatted(i, t)).status())
                .isIn(200, 201);
        String named = "{\"@apiVersion\":\"1.1\",\"name\":\"" + i + "\"}";
        TutorialReplay.Reply r = method("livePipelineActivate", named);
        assertThat(r.status()).isEqualTo(400);
        assertThat(Json.read(r.payload()).path("error").path("code").asText()).isEqualTo("NodeKindNotSupported");
        assertThat(r.payload()).contains("spatialAnalysis");
        assertThat(Json.read(method("livePipelineGet", named).payload()).path("properties")
                .path("state").asText()).isEqualToIgnoringCase("inactive");
        assertThat(method("livePipelineDelete", named).status()).isEqualTo(200);
        assertThat(method("pipelineTopologyDelete", "{\"@apiVersion\":\"1.1\",\"name\":\"" + t + "\"}").status())
                .isEqualTo(200);
    }

    @Test
    void avaMethodNamesReachTheSameOperations() {
        String t = "AvaNamesTopology";
        assertThat(method("pipelineTopologyList", "{\"@apiVersion\":\"1.1\"}").status()).isEqualTo(200);
        assertThat(method("pipelineTopologySet", TestGraphs.topology(TestGraphs.CUSTOM_VISION, t)
                .put("@apiVersion", "1.1").toString()).status())
                .as("an LVA-typed topology through an AVA method name").isIn(200, 201, 400);
        assertThat(method("pipelineTopologyGet", "{\"@apiVersion\":\"1.1\",\"name\":\"nope\"}").status()).isEqualTo(404);
        assertThat(method("livePipelineDelete", "{\"@apiVersion\":\"1.1\",\"name\":\"nope\"}").status()).isEqualTo(204);
        method("pipelineTopologyDelete", "{\"@apiVersion\":\"1.1\",\"name\":\"" + t + "\"}");
    }

    @Test
    void openApiSwaggerAndHealthAreServed() {
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/topologies"))
                .body(containsString("/api/methods/{methodName}"));
        given().get("/q/swagger-ui/").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }

    private List<String> instanceStates(String name) {
        List<String> states = new ArrayList<>();
        for (String v : rawInstanceValues(name)) {
            states.add(v == null ? "deleted" : Json.read(v).path("properties").path("state").asText().toLowerCase());
        }
        return states;
    }

    private List<String> rawInstanceValues(String name) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition("lva.graph.instances", 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            while (consumer.position(tp) < end) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (name.equals(r.key())) {
                        values.add(r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return values;
    }
}
