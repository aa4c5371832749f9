package io.openlva.inference.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

class ExtensionResponsesTest {

    private static Optional<ObjectNode> body(String json, String contentType) {
        return ExtensionResponses.toEventBody(json.getBytes(StandardCharsets.UTF_8), contentType, 1_000_000);
    }

    /** The pipeline's LVA view of the body, for an image of 640×480. */
    private static JsonNode view(ObjectNode body) {
        return ExtensionResponses.inferences(body, 640, 480);
    }

    @Test
    void lvaSchemaResponsePassesThroughWithTimestamp() {
        String json = "{\"inferences\":[{\"type\":\"entity\",\"subtype\":\"objectDetection\",\"entity\":{\"tag\":{\"value\":\"car\",\"confidence\":0.8},"
                + "\"box\":{\"l\":0.1,\"t\":0.2,\"w\":0.3,\"h\":0.4}}}]}";
        ObjectNode out = body(json, "application/json").orElseThrow();
        assertThat(out.get("timestamp").asLong()).isEqualTo(90_000);
        JsonNode inf = out.get("inferences").get(0);
        assertThat(inf.get("subtype").asText()).isEqualTo("objectDetection");
        assertThat(inf.at("/entity/box/w").asDouble()).isEqualTo(0.3);
    }

    @Test
    void emptyInferencesMeansNoEvent() {
        assertThat(body("{\"inferences\":[]}", "application/json")).isEmpty();
        assertThat(body("{\"predictions\":[]}", "application/json")).isEmpty();
    }

    @Test
    void customVisionAnswersPassUnchangedAndTheirEntitiesAreDerived() throws Exception {
        String json = "{\"created\":\"2020-03-20T07:10:47.827673\",\"id\":\"\",\"iteration\":\"\",\"predictions\":[{\"boundingBox\":"
                + "{\"height\":0.66167289,\"left\":-0.03923762,\"top\":0.12781593,\"width\":0.70003178},\"probability\":0.90128148,"
                + "\"tagId\":0,\"tagName\":\"delivery truck\"}],\"project\":\"\"}";
        ObjectNode out = body(json, "application/json").orElseThrow();
        // what the seed tutorial's consumer reads: body.predictions, as the container answered
        assertThat(out).isEqualTo(com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(json));
        assertThat(out.at("/predictions/0/tagName").asText()).isEqualTo("delivery truck");
        JsonNode e = view(out).get(0);
        assertThat(e.get("type").asText()).isEqualTo("entity");
        assertThat(e.at("/entity/tag/value").asText()).isEqualTo("delivery truck");
        assertThat(e.at("/entity/tag/confidence").asDouble()).isEqualTo(0.901281);
        assertThat(e.at("/entity/box/l").asDouble()).isZero();
        assertThat(e.at("/entity/box/w").asDouble()).isCloseTo(0.70003178 - 0.03923762, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(e.at("/entity/box/t").asDouble()).isEqualTo(0.127816);
    }

    @Test
    void flaskSeedPixelBoxesPassUnchangedAndAreNormalizedInThePipelinesView() {
        // the seed's Flask server: x - w/2 in pixels of the image, may go negative
        String json = "{\"inferences\":[{\"type\":\"entity\",\"entity\":{\"tag\":{\"value\":\"person\",\"confidence\":0.9},"
                + "\"box\":{\"l\":-10,\"t\":48,\"w\":330,\"h\":240}}}]}";
        ObjectNode out = body(json, "application/json").orElseThrow();
        assertThat(out.at("/inferences/0/entity/box/w").asDouble()).isEqualTo(330);
        JsonNode box = view(out).at("/0/entity/box");
        assertThat(box.get("l").asDouble()).isZero();
        assertThat(box.get("t").asDouble()).isEqualTo(0.1);
        assertThat(box.get("w").asDouble()).isEqualTo(0.5);
        assertThat(box.get("h").asDouble()).isEqualTo(0.5);
    }

    @Test
    void stringTagsAndMissingTypeAreRepairedInThePipelinesView() {
        String json = "{\"inferences\":[{\"entity\":{\"tag\":\"dog\",\"box\":{\"l\":0.1,\"t\":0.1,\"w\":0.1,\"h\":0.1}}}]}";
        ObjectNode out = body(json, null).orElseThrow();
        assertThat(out.at("/inferences/0/entity/tag").asText()).isEqualTo("dog");
        JsonNode inf = view(out).get(0);
        assertThat(inf.get("type").asText()).isEqualTo("entity");
        assertThat(inf.at("/entity/tag/value").asText()).isEqualTo("dog");
    }

    @Test
    void otherJsonIsForwardedUnchanged() {
        ObjectNode out = body("{\"result\":\"ok\",\"count\":3}", "application/json").orElseThrow();
        assertThat(out.toString()).isEqualTo("{\"result\":\"ok\",\"count\":3}");
    }

    @Test
    void nonJsonIsWrappedAsBase64Other() {
        byte[] bytes = {1, 2, 3, (byte) 0xff};
        ObjectNode out = ExtensionResponses.toEventBody(bytes, "application/octet-stream", 0).orElseThrow();
        JsonNode other = out.at("/inferences/0");
        assertThat(other.get("type").asText()).isEqualTo("other");
        assertThat(other.at("/other/contentType").asText()).isEqualTo("application/octet-stream");
        assertThat(Base64.getDecoder().decode(other.at("/other/contentBytes").asText())).isEqualTo(bytes);
        // plain text that is not JSON is wrapped too
        assertThat(body("garbage{", "text/plain").orElseThrow().at("/inferences/0/type").asText()).isEqualTo("other");
    }

    @Test
    void retryAfterSecondsAndHttpDate() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(RetryAfter.parse("3", now)).contains(Duration.ofSeconds(3));
        assertThat(RetryAfter.parse("Thu, 01 Jan 2026 00:00:10 GMT", now)).contains(Duration.ofSeconds(10));
        assertThat(RetryAfter.parse("soon", now)).isEmpty();
        assertThat(RetryAfter.parse(null, now)).isEmpty();
    }
}
