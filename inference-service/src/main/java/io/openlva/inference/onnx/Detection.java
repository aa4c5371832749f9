package io.openlva.inference.onnx;

/**
 * One detected object in the coordinates of the model input (pixels, corners), before mapping back to the frame.
 *
 * @param classId index into the labels
 * @param score class confidence (times objectness for YOLOv5), 0–1
 */
public record Detection(int classId, float score, float x1, float y1, float x2, float y2) {

    public float area() {
        return Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
    }

    public float iou(Detection o) {
        float ix1 = Math.max(x1, o.x1);
        float iy1 = Math.max(y1, o.y1);
        float ix2 = Math.min(x2, o.x2);
        float iy2 = Math.min(y2, o.y2);
        float inter = Math.max(0, ix2 - ix1) * Math.max(0, iy2 - iy1);
        float union = area() + o.area() - inter;
        return union <= 0 ? 0 : inter / union;
    }

    /** From centre/size, as YOLO heads output boxes. */
    public static Detection fromCenter(int classId, float score, float cx, float cy, float w, float h) {
        return new Detection(classId, score, cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2);
    }
}
