package io.openlva.graph.model;

import java.util.List;

/** A node that brings media or messages into the graph; it has no inputs. */
public sealed interface Source extends Node permits RtspSource, IotHubMessageSource {

    @Override
    default List<NodeInput> inputs() {
        return List.of();
    }
}
