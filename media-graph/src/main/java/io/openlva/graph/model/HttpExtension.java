package io.openlva.graph.model;

import java.util.List;

public record HttpExtension(String name, List<NodeInput> inputs, Endpoint endpoint, ImageSpec image, SamplingOptions samplingOptions) implements Processor, ExtensionNode {

    public HttpExtension {
        inputs = List.copyOf(inputs);
    }

    @Override
    public NodeKind kind() {
        return NodeKind.HTTP_EXTENSION;
    }
}
