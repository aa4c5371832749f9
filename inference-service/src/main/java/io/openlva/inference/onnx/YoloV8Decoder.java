package io.openlva.inference.onnx;

import java.util.ArrayList;
import java.util.List;

/**
 * YOLOv8 / YOLO11 head: {@code [1, 4 + classes, N]} (channels first, no objectness): cx, cy, w, h then one
 * score per class for each of the N anchors; NMS applied here.
 */
public final class YoloV8Decoder implements OutputDecoder {

    @Override
    public String family() {
        return "yolov8";
    }

    @Override
    public List<Detection> decode(List<NamedTensor> outputs, DecodeSettings s, int inputWidth, int inputHeight) {
        NamedTensor t = outputs.get(0);
        if (t.rank() != 3 || t.dim(1) < 5) {
            throw new IllegalArgumentException("YOLOv8 output must be [1,4+classes,N], got " + t);
        }
        int channels = t.dim(1);
        int anchors = t.dim(2);
        int classes = channels - 4;
        float[] d = t.data();
        // Class-major pass (sequential memory): best class per anchor.
        float[] best = new float[anchors];
        int[] bestClass = new int[anchors];
        java.util.Arrays.fill(bestClass, -1);
        java.util.Arrays.fill(best, s.confidenceThreshold());
        for (int c = 0; c < classes; c++) {
            int base = (4 + c) * anchors;
            for (int a = 0; a < anchors; a++) {
                float v = d[base + a];
                if (v >= best[a]) {
                    best[a] = v;
                    bestClass[a] = c;
                }
            }
        }
        List<Detection> candidates = new ArrayList<>();
        for (int a = 0; a < anchors; a++) {
            if (bestClass[a] >= 0) {
                candidates.add(Detection.fromCenter(bestClass[a], best[a],
                        d[a], d[anchors + a], d[2 * anchors + a], d[3 * anchors + a]));
            }
        }
        return Nms.apply(candidates, s.nmsThreshold(), s.maxDetections());
    }
}
