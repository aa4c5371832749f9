package io.openlva.graph.model;

import java.time.Duration;
import java.util.List;

public record AssetSink(String name, List<NodeInput> inputs, String assetNamePattern, Duration segmentLength, String localMediaCachePath, Long localMediaCacheMaximumSizeMiB) implements Sink {

    public AssetSink {
        inputs = List.copyOf(inputs);
    }

    @Override
    public NodeKind kind() {
        return NodeKind.ASSET_SINK;
    }
}
