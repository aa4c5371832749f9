package io.openlva.hub.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ArrayNode;

import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.Inferences;
import io.openlva.graph.contract.MediaFrame;
import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.contract.Topics;
import io.openlva.hub.SharedKafkaResource;
import io.openlva.hub.TestGraphs;
import io.openlva.runtime.KafkaFactory;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** The console's data on a real broker: validation writes nothing, events are listed, preview frames on demand. */
@QuarkusTest
@TestProfile(ConsoleApiTest.ShortIdle.class)
@QuarkusTestResource(value = SharedKafkaResource.class, restrictToAnnotatedClass = false)
class ConsoleApiTest {

    public static class ShortIdle implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("openlva.hub.console.preview-idle", "PT2S");
        }
    }

    @Inject
    KafkaFactory kafka;
    @Inject
    Topics topics;
    @Inject
    FramePreview preview;

    @Test
    void validationAnswersLvasErrorAndWritesNothing() {
        String broken = """
                {"name":"ConsoleBroken","properties":{
                  "sources":[{"@type":"#Microsoft.Media.MediaGraphRtspSource","name":"cam",
                    "endpoint":{"@type":"#Microsoft.Media.MediaGraphUnsecuredEndpoint","url":"rtsp://example/x"}}],
                  "processors":[{"@type":"#Microsoft.Media.MediaGraphMotionDetectionProcessor","name":"motion",
                    "inputs":[{"nodeName":"noSuchNode"}]}],
                  "sinks":[{"@type":"#Microsoft.Media.MediaGraphIoTHubMessageSink","name":"hub",
                    "inputs":[{"nodeName":"motion"}],"hubOutputName":"out"}]}}""";
        given().contentType(ContentType.JSON).body(broken).post("/api/console/validate/topology").then()
                .statusCode(400).body("error.details.target", hasItem(org.hamcrest.Matchers.startsWith(
                        "properties.processors[0]")));
        given().get("/api/topologies/ConsoleBroken").then().statusCode(404);
        given().contentType(ContentType.JSON).body("not json").post("/api/console/validate/topology").then()
                .statusCode(400).body("error.code", equalTo("InvalidResource"));
        given().contentType(ContentType.JSON).body(TestGraphs.topology(TestGraphs.CUSTOM_VISION, "ConsoleOk").toString())
                .post("/api/console/validate/topology").then().statusCode(200).body("valid", equalTo(true));
        given().get("/api/topologies/ConsoleOk").then().statusCode(404);
    }

    @Test
    void healthShowsThisServiceReadyWithItsOwnCheck() {
        given().get("/api/console/health").then().statusCode(200)
                .body("services.find { it.name == 'hub-bridge' }.status", equalTo("UP"))
                .body("services.find { it.name == 'hub-bridge' }.reason", equalTo("ready"));
    }

    @Test
    void eventsAreListedWithLabelsAndFilteredAndThePreviewReadsFramesOnlyWhileWatched() throws Exception {
        assertThat(preview.reading()).as("nobody watched yet").isFalse();
        ArrayNode inferences = Inferences.entities(java.util.List.of(
                new Inferences.Entity("person", 0.9, new Inferences.Box(0.1, 0.2, 0.3, 0.4))));
        GraphEvent event = GraphEvent.of("/openlva", "consoleCam", "/graphInstances/consoleCam/processors/detect",
                EventTypes.INFERENCE, 1_000_000, Inferences.body(1_000_000, inferences));
        // the first request starts the frames reader at the end of the topic; frames sent after it are seen
        given().get("/api/console/live/consoleCam").then().statusCode(200);
        assertThat(preview.reading()).isTrue();
        byte[] rgb = new byte[4 * 2 * 3];
        MediaFrame frame = new MediaFrame(new StreamKey("consoleCam", "detect"), "cam", 1_000_000, System.currentTimeMillis(),
                "image/x-raw", "rgb24", 4, 2, 4, 2, "pad", null, rgb);
        try (KafkaProducer<String, byte[]> p = kafka.producer("console-test", new StringSerializer(),
                new ByteArraySerializer(), Map.of())) {
            p.send(event.toRecord(topics.events())).get();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                p.send(frame.toRecord(topics.frames(), true)).get();
                given().get("/api/console/live/consoleCam").then().statusCode(200)
                        .body("frame.node", equalTo("detect"))
                        .body("frame.image", org.hamcrest.Matchers.startsWith("data:image/jpeg;base64,"))
                        .body("detections.labels", hasItem("person"));
            });
        }
        given().queryParam("instance", "consoleCam").queryParam("label", "person").get("/api/console/events").then()
                .statusCode(200).body("value.id", hasItem(event.id()));
        given().queryParam("instance", "consoleCam").queryParam("label", "car").get("/api/console/events").then()
                .statusCode(200).body("value.size()", equalTo(0));
        // an HTTP extension's Custom Vision answer is the body as it came: its predictions' tags are its labels
        GraphEvent customVision = GraphEvent.of("/openlva", "consoleCam", "/graphInstances/consoleCam/processors/cv",
                EventTypes.INFERENCE, 2_000_000, (com.fasterxml.jackson.databind.node.ObjectNode) io.openlva.graph.contract.Json
                        .read("{\"created\":\"2020-05-18T01:08:34.483Z\",\"predictions\":[{\"boundingBox\":{\"height\":0.1,"
                                + "\"left\":0.1,\"top\":0.1,\"width\":0.1},\"probability\":0.7,\"tagId\":0,"
                                + "\"tagName\":\"delivery truck\"}]}"));
        try (KafkaProducer<String, byte[]> p = kafka.producer("console-test-cv", new StringSerializer(),
                new ByteArraySerializer(), Map.of())) {
            p.send(customVision.toRecord(topics.events())).get();
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().queryParam("label", "delivery truck")
                .get("/api/console/events").then().statusCode(200).body("value.id", hasItem(customVision.id())));
        await().atMost(Duration.ofSeconds(15)).until(() -> !preview.reading());
    }
}
