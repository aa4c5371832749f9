package io.openlva.graph.model;

/** A node between sources and sinks. */
public sealed interface Processor extends Node permits MotionDetectionProcessor, FrameRateFilterProcessor, HttpExtension,
        GrpcExtension, OnnxExtension, CognitiveServicesVisionExtension, ObjectTrackerProcessor, LineCrossingProcessor,
        SignalGateProcessor {
}
