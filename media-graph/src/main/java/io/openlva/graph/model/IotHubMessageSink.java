package io.openlva.graph.model;

import java.util.List;

public record IotHubMessageSink(String name, List<NodeInput> inputs, String hubOutputName) implements Sink {

    public IotHubMessageSink {
        inputs = List.copyOf(inputs);
    }

    @Override
    public NodeKind kind() {
        return NodeKind.IOT_HUB_MESSAGE_SINK;
    }
}
