package io.openlva.inference.onnx;

import java.util.List;
import java.util.Locale;

/**
 * Picks the decoder for a model from its configured family, or from its output shapes when the family is
 * {@code auto} (or absent).
 */
public final class Decoders {

    private Decoders() {
    }

    /**
     * @param family auto, yolov5, yolov8, yolo11, yolo-nms or ssd (null = auto)
     * @param outputShapes the model's output shapes in order (-1 or 0 for dynamic dims)
     * @param outputNames the model's output names in order
     */
    public static OutputDecoder select(String family, List<long[]> outputShapes, List<String> outputNames) {
        String f = family == null || family.isBlank() ? "auto" : family.trim().toLowerCase(Locale.ROOT);
        return switch (f) {
            case "yolov5", "yolov7" -> new YoloV5Decoder();
            case "yolov8", "yolo11", "yolov11", "yolov9" -> new YoloV8Decoder();
            case "yolo-nms", "yolov10", "yolo26" -> new YoloNmsDecoder();
            case "ssd" -> new SsdDecoder();
            case "auto" -> auto(outputShapes, outputNames);
            default -> throw new IllegalArgumentException("unknown modelFamily '" + family
                    + "': use auto, yolov5, yolov8, yolo11, yolo-nms or ssd");
        };
    }

    static OutputDecoder auto(List<long[]> shapes, List<String> names) {
        if (shapes.size() >= 3) {
            boolean namesSayYolo = names.stream().anyMatch(n -> n != null && n.toLowerCase(Locale.ROOT).contains("detection_"));
            // TF/ONNX-zoo SSD names its outputs detection_*; other multi-output detectors are YOLO exports with NMS.
            return namesSayYolo ? new SsdDecoder() : boxesNormalizedHint(shapes) ? new SsdDecoder() : new YoloNmsDecoder();
        }
        if (shapes.size() == 1 && shapes.get(0).length == 3) {
            long a = shapes.get(0)[1];
            long b = shapes.get(0)[2];
            if (b == 6) {
                return new YoloNmsDecoder();
            }
            // v8/v11 are channels-first: few channels (4+classes), many anchors; v5 the other way round.
            if (a > 0 && b > 0) {
                return a < b ? new YoloV8Decoder() : new YoloV5Decoder();
            }
            if (a > 0) {
                return new YoloV8Decoder();
            }
            if (b > 0) {
                return new YoloV5Decoder();
            }
        }
        throw new IllegalArgumentException("cannot tell the model family from its outputs " + describe(shapes, names)
                + ": set modelFamily (yolov5, yolov8, yolo11, yolo-nms, ssd)");
    }

    /** SSD exports carry a scalar num_detections output; YOLO NMS exports rarely do. */
    private static boolean boxesNormalizedHint(List<long[]> shapes) {
        return shapes.size() == 4 && shapes.stream().anyMatch(s -> s.length <= 1);
    }

    private static String describe(List<long[]> shapes, List<String> names) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shapes.size(); i++) {
            sb.append(i > 0 ? ", " : "").append(i < names.size() ? names.get(i) : "?")
                    .append(java.util.Arrays.toString(shapes.get(i)));
        }
        return sb.append(']').toString();
    }
}
