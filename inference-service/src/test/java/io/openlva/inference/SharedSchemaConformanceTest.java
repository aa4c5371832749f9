package io.openlva.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.graph.contract.MediaFrame;
import io.openlva.graph.contract.StreamKey;
import io.openlva.inference.http.ExtensionResponses;
import io.openlva.inference.onnx.ModelCache;
import io.openlva.inference.onnx.OnnxExtensionRunner;

/**
 * Conformance suite: events against the original LVA schema in the shared folder (absent outside the workplace:
 * then skipped, saying so). Also checks the project's copy of the schema has not drifted from it.
 */
class SharedSchemaConformanceTest {

    private static Path shared;

    @BeforeAll
    static void findShared() {
        String root = System.getProperty("openlva.project.root");
        Path schema = root == null ? null : Path.of(root, "..", "shared", "lva-samples", "extension-data-schema.json").normalize();
        if (schema == null || !Files.isRegularFile(schema)) {
            System.out.println("SharedSchemaConformanceTest SKIPPED: no shared LVA samples at " + schema);
        }
        Assumptions.assumeTrue(schema != null && Files.isRegularFile(schema),
                "shared LVA samples absent (" + schema + "): conformance suite skipped");
        shared = schema;
    }

    @Test
    void projectCopyMatchesTheSharedSchema() throws Exception {
        String copy = GraphFixtures.resource("/lva/extension-data-schema.json");
        assertThat(copy).isEqualTo(Files.readString(shared));
    }

    @Test
    void onnxAndHttpEventsValidateAgainstLvaSchema() {
        LvaSchema schema = LvaSchema.of(shared);
        try (ModelCache models = new ModelCache(TestModel.path().toString(), "auto", List.of(), 2, 1)) {
            OnnxExtensionRunner runner = new OnnxExtensionRunner(models.defaultModel(), 0.3, 0.45, n -> { });
            for (Path jpeg : TestFrames.jpegs()) {
                MediaFrame f = new MediaFrame(new StreamKey("c", "n"), "s", 1, 0, "image/jpeg", null, 768, 576, 768, 576, "none",
                        null, TestFrames.read(jpeg));
                ObjectNode body = runner.infer(f).orElseThrow();
                assertThat(schema.errors(body)).as("%s", body).isEmpty();
            }
        }
        String cv = "{\"predictions\":[{\"boundingBox\":{\"height\":0.5,\"left\":-0.1,\"top\":0.2,\"width\":0.7},"
                + "\"probability\":0.9,\"tagId\":0,\"tagName\":\"truck\"},{\"probability\":0.4,\"tagName\":\"scene\"}]}";
        // a Custom Vision answer is the event body as it came; the pipeline's LVA view of it follows the schema
        ObjectNode body = ExtensionResponses.toEventBody(cv.getBytes(), "application/json", 0).orElseThrow();
        assertThat(schema.errors(io.openlva.graph.contract.Inferences.body(0, ExtensionResponses.inferences(body, 100, 100))))
                .isEmpty();
        ObjectNode other = ExtensionResponses.toEventBody(new byte[] {1, 2}, "application/octet-stream", 0).orElseThrow();
        assertThat(schema.errors(other)).isEmpty();
    }
}
