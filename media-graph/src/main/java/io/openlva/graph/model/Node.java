package io.openlva.graph.model;

import java.util.List;

/** A node of a topology. Records of each kind implement one of {@link Source}, {@link Processor}, {@link Sink}. */
public sealed interface Node permits Source, Processor, Sink {

    String name();

    NodeKind kind();

    /** The nodes this one reads from; empty for sources. */
    List<NodeInput> inputs();

    default NodeRole role() {
        return kind().role();
    }
}
