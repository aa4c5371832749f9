package io.openlva.inference.onnx;

import java.util.ArrayList;
import java.util.List;

/**
 * YOLO exports with NMS inside the graph: either one {@code [1, N, 6]} output of x1, y1, x2, y2, score, class, or
 * separate boxes {@code [1,N,4]}, scores {@code [1,N]} and classes {@code [1,N]} outputs (corners, input pixels).
 * Only the confidence threshold applies; the model already suppressed overlaps.
 */
public final class YoloNmsDecoder implements OutputDecoder {

    @Override
    public String family() {
        return "yolo-nms";
    }

    @Override
    public List<Detection> decode(List<NamedTensor> outputs, DecodeSettings s, int inputWidth, int inputHeight) {
        List<Detection> out = new ArrayList<>();
        if (outputs.size() == 1) {
            NamedTensor t = outputs.get(0);
            if (t.rank() != 3 || t.dim(2) != 6) {
                throw new IllegalArgumentException("YOLO NMS output must be [1,N,6], got " + t);
            }
            float[] d = t.data();
            for (int r = 0; r < t.dim(1) && out.size() < s.maxDetections(); r++) {
                int o = r * 6;
                if (d[o + 4] >= s.confidenceThreshold()) {
                    out.add(new Detection((int) d[o + 5], d[o + 4], d[o], d[o + 1], d[o + 2], d[o + 3]));
                }
            }
            return out;
        }
        SsdDecoder.Parts p = SsdDecoder.Parts.of(outputs);
        int n = p.count();
        for (int i = 0; i < n && out.size() < s.maxDetections(); i++) {
            float score = p.scores().data()[i];
            if (score >= s.confidenceThreshold()) {
                float[] b = p.boxes().data();
                out.add(new Detection((int) p.classes().data()[i], score, b[i * 4], b[i * 4 + 1], b[i * 4 + 2], b[i * 4 + 3]));
            }
        }
        return out;
    }
}
