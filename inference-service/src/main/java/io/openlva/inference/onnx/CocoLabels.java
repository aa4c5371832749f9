package io.openlva.inference.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The 80 COCO class names in YOLO order, shipped as a resource (coco-labels.txt). */
public final class CocoLabels {

    private static final List<String> ALL = load();

    private CocoLabels() {
    }

    public static List<String> all() {
        return ALL;
    }

    private static List<String> load() {
        try (InputStream in = CocoLabels.class.getResourceAsStream("coco-labels.txt")) {
            if (in == null) {
                throw new IllegalStateException("coco-labels.txt missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
