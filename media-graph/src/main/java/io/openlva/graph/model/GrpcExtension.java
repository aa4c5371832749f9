package io.openlva.graph.model;

import java.util.List;

public record GrpcExtension(String name, List<NodeInput> inputs, Endpoint endpoint, ImageSpec image, SamplingOptions samplingOptions, String dataTransferMode, String extensionConfiguration) implements Processor {

    public GrpcExtension {
        inputs = List.copyOf(inputs);
    }

    @Override
    public NodeKind kind() {
        return NodeKind.GRPC_EXTENSION;
    }
}
