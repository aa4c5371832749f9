package io.openlva.launcher;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import io.openlva.devkit.Cache;

/** Settings of each service on one machine, as environment variables (the names the chart uses too). */
public final class LocalConfig {

    private LocalConfig() {
    }

    /** Where scripts/fetch-model.sh caches YOLOv8n (AGPL-3.0 weights: never in git). */
    static Path defaultModel() {
        return Cache.defaultModel();
    }

    /**
     * @param model the built-in model of inference-service (/score, /image, ONNX nodes without a model path)
     * @param recordings where assets go (file sinks write where their topology says)
     * @param iotHubConnectionString a device connection string, or null: events then stay in Kafka only
     * @param iotHubTrustedCa PEM of a CA to trust besides the JVM's (a gateway, a test broker), or null
     */
    public static Map<Service, Map<String, String>> serviceEnvironment(Path model, Path recordings, String iotHubConnectionString,
            Path iotHubTrustedCa) {
        Map<Service, Map<String, String>> env = new EnumMap<>(Service.class);
        Map<String, String> hub = new HashMap<>();
        if (iotHubConnectionString != null && !iotHubConnectionString.isBlank()) {
            hub.put("OPENLVA_HUB_IOTHUB_CONNECTION_STRING", iotHubConnectionString);
        }
        if (iotHubTrustedCa != null) {
            hub.put("OPENLVA_HUB_IOTHUB_TRUSTED_CA_PATH", iotHubTrustedCa.toString());
        }
        env.put(Service.HUB_BRIDGE, hub);
        env.put(Service.INFERENCE, Map.of("OPENLVA_INFERENCE_DEFAULT_MODEL_PATH", model.toString()));
        // the local topologies' FileSinks write under the recordings directory: the recorder's allow-list is that
        env.put(Service.RECORDER, Map.of("OPENLVA_RECORDER_ASSET_BASE_DIRECTORY", recordings.resolve("assets").toString(),
                "OPENLVA_RECORDER_ALLOWED_DIRECTORIES", recordings.toString()));
        return env;
    }

    /** hub-bridge's environment plus where its console finds the recorder and the services on this machine. */
    static Map<String, String> withConsole(Map<String, String> hub, Map<Service, Integer> ports) {
        Map<String, String> env = new HashMap<>(hub);
        env.put("OPENLVA_HUB_CONSOLE_RECORDER_URL", "http://127.0.0.1:" + ports.get(Service.RECORDER));
        env.put("OPENLVA_HUB_CONSOLE_SERVICE_URLS", String.join(",", ports.entrySet().stream()
                .filter(e -> e.getKey() != Service.HUB_BRIDGE)
                .map(e -> "http://127.0.0.1:" + e.getValue()).toList()));
        return env;
    }
}
