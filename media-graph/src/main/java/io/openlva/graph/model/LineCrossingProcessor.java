package io.openlva.graph.model;

import java.util.List;

public record LineCrossingProcessor(String name, List<NodeInput> inputs, List<NamedLine> lines) implements Processor {

    public LineCrossingProcessor {
        inputs = List.copyOf(inputs);
        lines = lines == null ? List.of() : List.copyOf(lines);
    }

    @Override
    public NodeKind kind() {
        return NodeKind.LINE_CROSSING;
    }
}
