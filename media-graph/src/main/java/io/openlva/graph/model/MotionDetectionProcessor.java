package io.openlva.graph.model;

import java.time.Duration;
import java.util.List;

public record MotionDetectionProcessor(String name, List<NodeInput> inputs, MotionSensitivity sensitivity, boolean outputMotionRegion, Duration eventAggregationWindow) implements Processor {

    public MotionDetectionProcessor {
        inputs = List.copyOf(inputs);
    }

    @Override
    public NodeKind kind() {
        return NodeKind.MOTION_DETECTION;
    }
}
