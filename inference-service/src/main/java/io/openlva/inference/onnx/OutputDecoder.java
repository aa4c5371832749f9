package io.openlva.inference.onnx;

import java.util.List;

/**
 * Turns a model's raw outputs into detections in model-input pixel coordinates. Implementations are pure and
 * stateless: one per output layout.
 */
public interface OutputDecoder {

    /**
     * @param outputs the model outputs in the session's output order
     * @param inputWidth model input width in pixels (to scale normalized boxes)
     * @param inputHeight model input height in pixels
     */
    List<Detection> decode(List<NamedTensor> outputs, DecodeSettings settings, int inputWidth, int inputHeight);

    /** The model family this decoder reads, as configured in {@code modelFamily}. */
    String family();

    record DecodeSettings(float confidenceThreshold, float nmsThreshold, int maxDetections) {
        public static final int DEFAULT_MAX_DETECTIONS = 300;
    }
}
