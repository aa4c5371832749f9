package io.openlva.inference.frames;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.openlva.graph.model.NodeKind;

/** The kinds this service sets nodes up for are exactly those the ownership table gives it. */
class NodeKindsTest {

    @Test
    void inferenceRunsTheExtensionAndTrackingKindsItOwns() {
        assertThat(NodeDirectory.KINDS).containsExactlyInAnyOrder(NodeKind.ONNX_EXTENSION, NodeKind.HTTP_EXTENSION,
                NodeKind.GRPC_EXTENSION, NodeKind.OBJECT_TRACKER, NodeKind.LINE_CROSSING);
        assertThat(NodeDirectory.KINDS).allMatch(k -> k.owner().isPresent());
    }
}
