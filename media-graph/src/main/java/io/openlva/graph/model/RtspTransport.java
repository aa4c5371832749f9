package io.openlva.graph.model;

public enum RtspTransport {
    TCP, HTTP, UDP
}
