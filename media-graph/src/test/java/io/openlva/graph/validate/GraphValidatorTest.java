package io.openlva.graph.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.openlva.graph.Docs;
import io.openlva.graph.codec.GraphJson;
import io.openlva.graph.model.Endpoint;
import io.openlva.graph.model.FileSink;
import io.openlva.graph.model.Instance;
import io.openlva.graph.model.InstanceState;
import io.openlva.graph.model.MotionDetectionProcessor;
import io.openlva.graph.model.MotionSensitivity;
import io.openlva.graph.model.NodeInput;
import io.openlva.graph.model.RtspSource;
import io.openlva.graph.model.RtspTransport;
import io.openlva.graph.model.SignalGateProcessor;
import io.openlva.graph.model.Topology;

class GraphValidatorTest {

    @Test
    void oneAnswerListsEveryProblem() {
        String doc = JsonPatch.apply(Docs.text(Docs.LVA_2), List.of(
                JsonPatch.set("properties.processors[0].sensitivity", "\"extreme\""),
                JsonPatch.set("properties.sinks[0].segmentLength", "\"PT10S\""),
                JsonPatch.remove("properties.sinks[2].hubOutputName")));
        GraphValidationException e = catchThrowableOfType(GraphValidationException.class, () -> GraphJson.readTopology(doc));
        assertThat(e.error().code()).isEqualTo(ErrorCodes.INVALID_RESOURCE);
        assertThat(e.error().message()).contains("3 problems");
        assertThat(e.error().details()).extracting(ErrorDetail::code, ErrorDetail::target).containsExactlyInAnyOrder(
                tuple(ErrorCodes.INVALID_PROPERTY_VALUE, "properties.processors[0].sensitivity"),
                tuple(ErrorCodes.INVALID_PROPERTY_VALUE, "properties.sinks[0].segmentLength"),
                tuple(ErrorCodes.PROPERTY_REQUIRED, "properties.sinks[2].hubOutputName"));
        assertThat(e.error().toJson()).contains("\"target\":\"properties.sinks[2].hubOutputName\"");
    }

    @Test
    void apiVersionAloneIsTheTopLevelCode() {
        String doc = JsonPatch.apply(Docs.text(Docs.ONNX), List.of(JsonPatch.set("@apiVersion", "\"0.9\"")));
        GraphValidationException e = catchThrowableOfType(GraphValidationException.class, () -> GraphJson.readTopology(doc));
        assertThat(e.error().code()).isEqualTo(ErrorCodes.API_VERSION_NOT_SUPPORTED);
        assertThat(e.error().has(ErrorCodes.API_VERSION_NOT_SUPPORTED, "@apiVersion")).isTrue();
    }

    @Test
    void missingValuesAreNamed() {
        Topology t = Docs.topology(Docs.LVA_2);
        Instance bare = new Instance("2.0", "bare", null, "EVRTls", Map.of(), InstanceState.INACTIVE, null);
        List<ErrorDetail> details = GraphValidator.check(bare, t);
        assertThat(details).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo(ErrorCodes.PARAMETER_VALUE_REQUIRED);
            assertThat(d.target()).isEqualTo("properties.parameters");
            assertThat(d.message()).contains("rtspUrl", "rtspPassword");
        });
    }

    @Test
    void unusedParametersAreWarningsNotErrors() {
        String doc = JsonPatch.apply(Docs.text(Docs.ONNX),
                List.of(JsonPatch.set("properties.parameters[4]", "{\"name\":\"spare\",\"type\":\"Int\",\"default\":\"3\"}")));
        Topology t = GraphJson.readTopology(doc);
        assertThat(GraphValidator.check(t)).isEmpty();
        assertThat(GraphValidator.warnings(t)).extracting(ErrorDetail::target).containsExactly("properties.parameters[4].name");
    }

    @Test
    void rulesWorkOnTopologiesBuiltInCode() {
        RtspSource cam = new RtspSource("cam", Endpoint.unsecured("rtsp://cam.local/1", null), RtspTransport.TCP);
        MotionDetectionProcessor motion = new MotionDetectionProcessor("motion", List.of(new NodeInput("gate")),
                MotionSensitivity.LOW, true, null);
        SignalGateProcessor gate = new SignalGateProcessor("gate", List.of(new NodeInput("motion"), new NodeInput("cam")),
                Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(5), Duration.ofSeconds(10));
        FileSink sink = new FileSink("files", List.of(new NodeInput("gate")), "/tmp", "x", null);
        Topology cyclic = new Topology("2.0", "Built", null, List.of(), List.of(cam), List.of(motion, gate), List.of(sink), null);
        assertThat(GraphValidator.check(cyclic)).extracting(ErrorDetail::code, ErrorDetail::target)
                .containsExactly(tuple(ErrorCodes.GRAPH_VALIDATION_ERROR, "properties.processors[1].inputs[0].nodeName"));
        MotionDetectionProcessor fixed = new MotionDetectionProcessor("motion", List.of(new NodeInput("cam")), MotionSensitivity.LOW, true, null);
        Topology ok = new Topology("2.0", "Built", null, List.of(), List.of(cam), List.of(fixed, gate), List.of(sink), null);
        assertThat(GraphValidator.check(ok)).isEmpty();
    }
}
