package io.openlva.graph.model;

import java.util.List;

/**
 * LVA's gRPC extension.
 *
 * @param dataTransferMode    {@code embedded} or {@code sharedMemory}
 * @param sharedMemorySizeMiB the shared memory buffer ({@code dataTransfer.SharedMemorySizeMiB}); 0 when embedded
 */
public record GrpcExtension(String name, List<NodeInput> inputs, Endpoint endpoint, ImageSpec image, SamplingOptions samplingOptions, String dataTransferMode, int sharedMemorySizeMiB, String extensionConfiguration) implements Processor, ExtensionNode {

    public GrpcExtension {
        inputs = List.copyOf(inputs);
    }

    @Override
    public NodeKind kind() {
        return NodeKind.GRPC_EXTENSION;
    }
}
