package io.openlva.graph.model;

import java.util.List;

public record IotHubMessageSource(String name, String hubInputName) implements Source {

    @Override
    public NodeKind kind() {
        return NodeKind.IOT_HUB_MESSAGE_SOURCE;
    }
}
