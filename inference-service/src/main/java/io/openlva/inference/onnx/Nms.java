package io.openlva.inference.onnx;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Greedy per-class non-maximum suppression, as the YOLO reference post-processing does it. */
public final class Nms {

    private Nms() {
    }

    public static List<Detection> apply(List<Detection> candidates, float iouThreshold, int maxDetections) {
        List<Detection> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingDouble(Detection::score).reversed());
        List<Detection> kept = new ArrayList<>();
        boolean[] removed = new boolean[sorted.size()];
        for (int i = 0; i < sorted.size() && kept.size() < maxDetections; i++) {
            if (removed[i]) {
                continue;
            }
            Detection d = sorted.get(i);
            kept.add(d);
            for (int j = i + 1; j < sorted.size(); j++) {
                if (!removed[j] && sorted.get(j).classId() == d.classId() && d.iou(sorted.get(j)) > iouThreshold) {
                    removed[j] = true;
                }
            }
        }
        return kept;
    }
}
