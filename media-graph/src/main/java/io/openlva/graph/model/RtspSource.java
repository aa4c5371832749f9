package io.openlva.graph.model;

import java.util.List;

public record RtspSource(String name, Endpoint endpoint, RtspTransport transport) implements Source {

    @Override
    public NodeKind kind() {
        return NodeKind.RTSP_SOURCE;
    }
}
