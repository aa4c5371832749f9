package io.openlva.launcher;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

import io.openlva.devkit.Cache;

/** The local run's settings for each service, as environment variables (the names the chart uses too). */
final class LocalConfig {

    private LocalConfig() {
    }

    /** Where scripts/fetch-model.sh caches YOLOv8n (AGPL-3.0 weights: never in git). */
    static Path defaultModel() {
        return Cache.defaultModel();
    }

    static Map<Service, Map<String, String>> serviceEnvironment(LocalRunOptions options, Path recordings) {
        Map<Service, Map<String, String>> env = new EnumMap<>(Service.class);
        String hub = System.getenv("IOTHUB_CONNECTION_STRING");
        env.put(Service.HUB_BRIDGE, hub == null || hub.isBlank() ? Map.of() : Map.of("OPENLVA_HUB_IOTHUB_CONNECTION_STRING", hub));
        env.put(Service.INFERENCE, Map.of("OPENLVA_INFERENCE_DEFAULT_MODEL_PATH", options.model().toString()));
        env.put(Service.RECORDER, Map.of("OPENLVA_RECORDER_ROOT_DIRECTORY", recordings.toString()));
        return env;
    }
}
