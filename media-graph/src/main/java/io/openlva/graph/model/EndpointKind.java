package io.openlva.graph.model;

public enum EndpointKind {
    UNSECURED, TLS
}
