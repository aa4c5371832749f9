package io.openlva.graph.model;

import java.util.List;

public record FileSink(String name, List<NodeInput> inputs, String baseDirectoryPath, String fileNamePattern, Long maximumSizeMiB) implements Sink {

    public FileSink {
        inputs = List.copyOf(inputs);
    }

    @Override
    public NodeKind kind() {
        return NodeKind.FILE_SINK;
    }
}
