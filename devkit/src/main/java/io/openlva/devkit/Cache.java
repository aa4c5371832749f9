package io.openlva.devkit;

import java.nio.file.Path;

/**
 * Files made or fetched once and kept outside git: {@code $OPENLVA_CACHE}, else {@code ~/.cache/openlva}.
 * scripts/fetch-model.sh uses the same place.
 */
public final class Cache {

    private Cache() {
    }

    public static Path root() {
        String env = System.getenv("OPENLVA_CACHE");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "openlva");
    }

    /** The default model, YOLOv8n (AGPL-3.0 weights), as scripts/fetch-model.sh leaves it. */
    public static Path defaultModel() {
        return root().resolve("models").resolve("yolov8n.onnx");
    }
}
