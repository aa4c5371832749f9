package io.openlva.graph.model;

import java.util.List;

public record FrameRateFilterProcessor(String name, List<NodeInput> inputs, double maximumFps) implements Processor {

    public FrameRateFilterProcessor {
        inputs = List.copyOf(inputs);
    }

    @Override
    public NodeKind kind() {
        return NodeKind.FRAME_RATE_FILTER;
    }
}
