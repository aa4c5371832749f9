package io.openlva.sampler.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.model.NodeKind;
import io.openlva.sampler.flow.StreamPlan;
import io.openlva.sampler.flow.StreamPlan.ExtensionStep;
import io.openlva.sampler.flow.StreamPlan.MotionStep;
import io.openlva.sampler.flow.StreamPlan.RateStep;
import io.openlva.sampler.image.ImageRequest;
import io.openlva.sampler.image.RawPixelFormat;
import io.openlva.sampler.image.ScaleGeometry;
import io.openlva.sampler.motion.MotionSettings;
import io.openlva.sampler.support.Graphs;

class PlanBuilderTest {

    private static final Map<String, String> CAMERA = Map.of("rtspUrl", "rtsp://127.0.0.1:8554/cam");

    @Test
    void lva10FrameRateFilterFeedsTheExtension() {
        StreamPlan plan = Graphs.plan("rate-1.0.json", "i1", CAMERA);
        assertThat(plan.stream()).isEqualTo(new StreamKey("i1", "rtspSource"));
        assertThat(plan.steps()).containsExactly(
                new RateStep("frameRateFilter", java.util.List.of("rtspSource"), 2.0),
                new ExtensionStep("httpExtension", NodeKind.HTTP_EXTENSION, java.util.List.of("frameRateFilter"),
                        new ImageRequest(ScaleGeometry.Mode.PRESERVE_ASPECT_RATIO, 416, 416, ImageRequest.Encoding.JPEG, 80, null),
                        null, false));
    }

    @Test
    void lva20SamplingOptionsLimitTheExtensionItself() {
        StreamPlan plan = Graphs.plan("rate-2.0.json", "i2", Map.of("rtspUrl", "rtsp://x/y", "samplesPerSecond", "5"));
        assertThat(plan.steps()).containsExactly(new ExtensionStep("httpExtension", NodeKind.HTTP_EXTENSION, java.util.List.of("rtspSource"),
                new ImageRequest(ScaleGeometry.Mode.PRESERVE_ASPECT_RATIO, 416, 416, ImageRequest.Encoding.JPEG, 80, null),
                5.0, false));
    }

    @Test
    void motionFeedsItsExtensionWithParametersResolved() {
        StreamPlan plan = Graphs.plan("motion-2.0.json", "i3", Map.of("rtspUrl", "rtsp://x/y", "motionSensitivity", "high"));
        assertThat(plan.steps()).hasSize(2);
        MotionStep motion = (MotionStep) plan.steps().get(0);
        assertThat(motion.settings()).isEqualTo(MotionSettings.HIGH);
        assertThat(motion.outputMotionRegion()).isTrue();
        ExtensionStep ext = (ExtensionStep) plan.steps().get(1);
        assertThat(ext.inputs()).containsExactly("motionDetection");
        assertThat(ext.skipSamplesWithoutAnnotation()).isTrue();
        assertThat(ext.spread()).as("an HTTP extension's frames go to any inference replica").isTrue();
        assertThat(ext.image()).isEqualTo(new ImageRequest(ScaleGeometry.Mode.PAD, 320, 320, ImageRequest.Encoding.BMP, 0, null));
    }

    @Test
    void anExtensionFedByAnotherExtensionIsNotSampledHere() {
        StreamPlan plan = Graphs.plan("chained-2.0.json", "i4", CAMERA);
        assertThat(plan.steps()).extracting(StreamPlan.Step::name).containsExactly("first");
        ExtensionStep first = (ExtensionStep) plan.steps().get(0);
        assertThat(first.kind()).isEqualTo(NodeKind.GRPC_EXTENSION);
        assertThat(first.spread()).as("a gRPC extension keeps one session per stream: its frames stay on one partition").isFalse();
        assertThat(first.image()).isEqualTo(new ImageRequest(ScaleGeometry.Mode.NONE, null, null,
                ImageRequest.Encoding.RAW, 0, RawPixelFormat.BGR24));
    }

    @Test
    void theSamplerPlansExactlyItsOwnKindsAndTheExtensionsItFeeds() {
        // a kind newly given to the sampler, or a new inference extension in NodeKind, needs its step in
        // PlanBuilder.step before this passes
        assertThat(PlanBuilder.FORWARDERS).containsExactlyInAnyOrder(NodeKind.FRAME_RATE_FILTER, NodeKind.MOTION_DETECTION);
        assertThat(PlanBuilder.EXTENSIONS).containsExactlyInAnyOrder(NodeKind.HTTP_EXTENSION, NodeKind.ONNX_EXTENSION,
                NodeKind.GRPC_EXTENSION);
        assertThat(PlanBuilder.KINDS).containsExactlyInAnyOrder(NodeKind.FRAME_RATE_FILTER, NodeKind.MOTION_DETECTION,
                NodeKind.HTTP_EXTENSION, NodeKind.ONNX_EXTENSION, NodeKind.GRPC_EXTENSION);
    }
}
