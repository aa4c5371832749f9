package io.openlva.graph.model;

import java.time.Duration;
import java.util.List;

/**
 * LVA signal gate. Absent durations take {@link #DEFAULT_EVALUATION_WINDOW} etc.
 */
public record SignalGateProcessor(String name, List<NodeInput> inputs, Duration activationEvaluationWindow, Duration activationSignalOffset, Duration minimumActivationTime, Duration maximumActivationTime) implements Processor {

    public static final Duration DEFAULT_EVALUATION_WINDOW = Duration.ofSeconds(1);
    public static final Duration DEFAULT_SIGNAL_OFFSET = Duration.ZERO;
    public static final Duration DEFAULT_MINIMUM_ACTIVATION_TIME = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAXIMUM_ACTIVATION_TIME = Duration.ofSeconds(1);

    public SignalGateProcessor {
        inputs = List.copyOf(inputs);
    }

    @Override
    public NodeKind kind() {
        return NodeKind.SIGNAL_GATE;
    }
}
