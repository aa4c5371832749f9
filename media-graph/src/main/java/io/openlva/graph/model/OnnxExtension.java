package io.openlva.graph.model;

import java.util.List;

public record OnnxExtension(String name, List<NodeInput> inputs, String modelPath, List<String> labels, double confidenceThreshold, double nmsThreshold, Integer inputWidth, Integer inputHeight, String modelFamily, ImageSpec image, SamplingOptions samplingOptions) implements Processor, ExtensionNode {

    public static final double DEFAULT_CONFIDENCE_THRESHOLD = 0.5;
    public static final double DEFAULT_NMS_THRESHOLD = 0.45;
    /** auto, yolov5, yolov8, yolo11, ssd. */
    public static final java.util.List<String> MODEL_FAMILIES = List.of("auto", "yolov5", "yolov8", "yolo11", "ssd");

    public OnnxExtension {
        inputs = List.copyOf(inputs);
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    @Override
    public NodeKind kind() {
        return NodeKind.ONNX_EXTENSION;
    }
}
