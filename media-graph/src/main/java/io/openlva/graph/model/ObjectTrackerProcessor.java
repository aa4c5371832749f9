package io.openlva.graph.model;

import java.util.List;

public record ObjectTrackerProcessor(String name, List<NodeInput> inputs, String accuracy) implements Processor {

    public ObjectTrackerProcessor {
        inputs = List.copyOf(inputs);
    }

    @Override
    public NodeKind kind() {
        return NodeKind.OBJECT_TRACKER;
    }
}
