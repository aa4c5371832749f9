package io.openlva.inference.onnx;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** Loaded models by file and settings: nodes sharing a model share one ONNX Runtime session. */
public class ModelCache implements AutoCloseable {

    private record Key(Path path, String family, Integer width, Integer height, List<String> labels) {
    }

    private final Map<Key, OnnxModel> models = new ConcurrentHashMap<>();
    private final String defaultModelPath;
    private final String defaultFamily;
    private final List<String> defaultLabels;
    private final int intraOpThreads;
    private final int interOpThreads;

    /**
     * @param defaultModelPath the built-in model (/score, /image, OnnxExtension nodes without modelPath)
     * @param defaultLabels labels of the built-in model; empty: its own names, else COCO
     */
    public ModelCache(String defaultModelPath, String defaultFamily, List<String> defaultLabels, int intraOpThreads,
            int interOpThreads) {
        this.defaultModelPath = defaultModelPath;
        this.defaultFamily = defaultFamily;
        this.defaultLabels = List.copyOf(defaultLabels);
        this.intraOpThreads = intraOpThreads;
        this.interOpThreads = interOpThreads;
    }

    public OnnxModel get(String modelPath, String family, Integer width, Integer height, List<String> labels) {
        Key key = new Key(Path.of(modelPath).toAbsolutePath().normalize(), Objects.requireNonNullElse(family, "auto"),
                width, height, labels == null ? List.of() : List.copyOf(labels));
        return models.computeIfAbsent(key, k -> OnnxModel.load(k.path(), k.family(), k.width(), k.height(), k.labels(),
                intraOpThreads, interOpThreads));
    }

    /** The configured built-in model. */
    public OnnxModel defaultModel() {
        return get(defaultModelPath, defaultFamily, null, null, defaultLabels);
    }

    public String defaultModelPath() {
        return defaultModelPath;
    }

    @Override
    public void close() {
        models.values().forEach(OnnxModel::close);
        models.clear();
    }
}
