package io.openlva.inference.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * SSD-style detection outputs (TensorFlow Object Detection API exports, ONNX model zoo SSD): boxes
 * {@code [1,N,4]} as normalized ymin, xmin, ymax, xmax; scores {@code [1,N]}; classes {@code [1,N]}, 1-based
 * (0 is background), and optionally {@code num_detections [1]}. Label {@code k} is {@code labels[k-1]}.
 */
public final class SsdDecoder implements OutputDecoder {

    @Override
    public String family() {
        return "ssd";
    }

    @Override
    public List<Detection> decode(List<NamedTensor> outputs, DecodeSettings s, int inputWidth, int inputHeight) {
        Parts p = Parts.of(outputs);
        float[] b = p.boxes().data();
        List<Detection> out = new ArrayList<>();
        for (int i = 0; i < p.count() && out.size() < s.maxDetections(); i++) {
            float score = p.scores().data()[i];
            int cls = (int) p.classes().data()[i] - 1;
            if (score >= s.confidenceThreshold() && cls >= 0) {
                out.add(new Detection(cls, score, b[i * 4 + 1] * inputWidth, b[i * 4] * inputHeight,
                        b[i * 4 + 3] * inputWidth, b[i * 4 + 2] * inputHeight));
            }
        }
        return out;
    }

    /** The boxes/scores/classes[/num] outputs, found by name first, then by shape. */
    record Parts(NamedTensor boxes, NamedTensor scores, NamedTensor classes, NamedTensor num) {

        int count() {
            int n = scores.data().length;
            if (num != null && num.data().length > 0) {
                n = Math.min(n, (int) num.data()[0]);
            }
            return Math.min(n, boxes.data().length / 4);
        }

        static Parts of(List<NamedTensor> outputs) {
            NamedTensor boxes = null;
            NamedTensor scores = null;
            NamedTensor classes = null;
            NamedTensor num = null;
            List<NamedTensor> vectors = new ArrayList<>();
            for (NamedTensor t : outputs) {
                String n = t.name() == null ? "" : t.name().toLowerCase(Locale.ROOT);
                if (t.data().length == 1 && (n.contains("num") || t.rank() <= 1)) {
                    num = t;
                } else if (t.shape()[t.rank() - 1] == 4 && t.rank() >= 2 && (boxes == null || n.contains("box"))) {
                    boxes = t;
                } else if (n.contains("score")) {
                    scores = t;
                } else if (n.contains("class") || n.contains("label")) {
                    classes = t;
                } else {
                    vectors.add(t);
                }
            }
            // Unnamed score/class vectors: classes hold whole numbers, scores do not.
            for (NamedTensor t : vectors) {
                if (classes == null && allIntegral(t.data())) {
                    classes = t;
                } else if (scores == null) {
                    scores = t;
                }
            }
            if (boxes == null || scores == null || classes == null) {
                throw new IllegalArgumentException("expected boxes, scores and classes outputs, got " + outputs);
            }
            return new Parts(boxes, scores, classes, num);
        }

        private static boolean allIntegral(float[] v) {
            for (float f : v) {
                if (f != Math.rint(f)) {
                    return false;
                }
            }
            return true;
        }
    }
}
