package io.openlva.inference.score;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.openlva.graph.contract.Json;
import io.openlva.inference.LvaSchema;
import io.openlva.inference.TestFrames;
import io.openlva.inference.TestModel;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** /score (LVA HTTP extension protocol) and /image (Custom Vision shape) on the built-in YOLOv8n. */
@QuarkusTest
@QuarkusTestResource(value = io.openlva.devkit.KafkaTestResource.class, restrictToAnnotatedClass = false)
class ScoreResourceTest {

    static {
        TestModel.path();
    }

    @Test
    void scoreAnswersLvaInferencesForAJpeg() {
        byte[] jpeg = TestFrames.read(TestFrames.jpegs().get(0));
        Response r = given().contentType("image/jpeg").body(jpeg).post("/score");
        r.then().statusCode(200).contentType(containsString("application/json"));
        JsonNode body = Json.read(r.asByteArray());
        assertThat(LvaSchema.projectCopy().errors(body)).isEmpty();
        List<String> tags = body.get("inferences").findValues("value").stream().map(JsonNode::asText).toList();
        assertThat(tags).contains("person");
    }

    @Test
    void scoreReadsRawFramesWithContentTypeParameters() {
        byte[] raw = TestFrames.read(TestFrames.paddedRgb24().get(0));
        given().contentType("image/x-raw; format=rgb24; width=640; height=640").body(raw).post("/score")
                .then().statusCode(200).body(containsString("person"));
    }

    @Test
    void scoreAnswers204WhenNothingIsFound() {
        given().contentType("image/x-raw; format=bgr24; width=64; height=64").body(new byte[64 * 64 * 3]).post("/score")
                .then().statusCode(204);
    }

    @Test
    void badAndOversizedImagesAreClientErrors() {
        given().contentType("image/jpeg").body("not an image".getBytes()).post("/score")
                .then().statusCode(400).body("error.message", containsString("JPEG"));
        given().contentType("image/jpeg").body(new byte[0]).post("/score").then().statusCode(400);
        given().contentType("image/x-raw; format=rgb24; width=64; height=64").body(new byte[10]).post("/score")
                .then().statusCode(400).body("error.message", containsString("needs"));
        given().contentType("image/x-raw; format=rgb24; width=abc").body(new byte[10]).post("/score").then().statusCode(400);
        given().contentType("image/jpeg").body(new byte[17 * 1024 * 1024]).post("/score").then().statusCode(413);
    }

    @Test
    void imageAnswersLikeACustomVisionContainer() {
        Path jpeg = TestFrames.jpegs().get(1);
        Response r = given().multiPart("imageData", jpeg.toFile(), "image/jpeg").post("/image");
        r.then().statusCode(200).body("project", equalTo(""));
        JsonNode body = Json.read(r.asByteArray());
        JsonNode first = body.get("predictions").get(0);
        assertThat(first.get("tagName").asText()).isEqualTo("person");
        assertThat(first.get("tagId").asInt()).isZero();
        assertThat(first.at("/boundingBox/left").asDouble()).isBetween(0.0, 1.0);
        assertThat(first.at("/boundingBox/width").asDouble()).isBetween(0.0, 1.0);
        assertThat(first.get("probability").asDouble()).isBetween(0.5, 1.0);
        given().multiPart("imageData", "x.jpg", "garbage".getBytes(), "image/jpeg").post("/image").then().statusCode(400);
        given().multiPart("other", "x.jpg", "garbage".getBytes(), "image/jpeg").post("/image").then().statusCode(400);
    }

    @Test
    void healthAndMetricsStayUp() {
        given().get("/q/health/live").then().statusCode(200);
        // ready once the runtime's start-up replayed the graph and the frame consumer runs
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        given().get("/q/metrics").then().statusCode(200).body(containsString("openlva_inference_model_time"));
    }
}
