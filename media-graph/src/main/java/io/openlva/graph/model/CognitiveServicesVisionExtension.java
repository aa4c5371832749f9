package io.openlva.graph.model;

import java.util.List;

public record CognitiveServicesVisionExtension(String name, List<NodeInput> inputs, Endpoint endpoint, ImageSpec image, SamplingOptions samplingOptions, String operationType, String extensionConfiguration) implements Processor {

    public CognitiveServicesVisionExtension {
        inputs = List.copyOf(inputs);
    }

    @Override
    public NodeKind kind() {
        return NodeKind.COGNITIVE_SERVICES_VISION;
    }
}
