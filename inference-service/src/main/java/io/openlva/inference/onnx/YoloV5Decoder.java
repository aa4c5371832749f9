package io.openlva.inference.onnx;

import java.util.ArrayList;
import java.util.List;

/** YOLOv5/v7 head: {@code [1, N, 5 + classes]} rows of cx, cy, w, h, objectness, class scores; NMS applied here. */
public final class YoloV5Decoder implements OutputDecoder {

    @Override
    public String family() {
        return "yolov5";
    }

    @Override
    public List<Detection> decode(List<NamedTensor> outputs, DecodeSettings s, int inputWidth, int inputHeight) {
        NamedTensor t = outputs.get(0);
        if (t.rank() != 3 || t.dim(2) < 6) {
            throw new IllegalArgumentException("YOLOv5 output must be [1,N,5+classes], got " + t);
        }
        int rows = t.dim(1);
        int stride = t.dim(2);
        int classes = stride - 5;
        float[] d = t.data();
        List<Detection> candidates = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            int o = r * stride;
            float objectness = d[o + 4];
            if (objectness < s.confidenceThreshold()) {
                continue;
            }
            int best = 0;
            float bestScore = d[o + 5];
            for (int c = 1; c < classes; c++) {
                if (d[o + 5 + c] > bestScore) {
                    bestScore = d[o + 5 + c];
                    best = c;
                }
            }
            float score = objectness * bestScore;
            if (score >= s.confidenceThreshold()) {
                candidates.add(Detection.fromCenter(best, score, d[o], d[o + 1], d[o + 2], d[o + 3]));
            }
        }
        return Nms.apply(candidates, s.nmsThreshold(), s.maxDetections());
    }
}
