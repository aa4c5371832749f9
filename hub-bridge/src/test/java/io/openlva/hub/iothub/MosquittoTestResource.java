package io.openlva.hub.iothub;

import io.openlva.devkit.iothub.MosquittoBroker;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Starts the MQTT "IoT Hub" and points hub-bridge at it as a device client through a gateway host name. */
public class MosquittoTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String DEVICE_ID = "openlva-edge-1";
    private static volatile MosquittoBroker broker;

    public static MosquittoBroker broker() {
        return broker;
    }

    @Override
    public Map<String, String> start() {
        try {
            broker = MosquittoBroker.start(Path.of("target", "mosquitto"));
        } catch (Exception e) {
            throw new IllegalStateException("mosquitto (Debian package mosquitto) is needed for the IoT Hub tests", e);
        }
        return Map.of(
                "openlva.hub.iothub.connection-string", connectionString(DEVICE_ID, moduleId(), KEY),
                "openlva.hub.iothub.trusted-ca-path", broker.caPem().toAbsolutePath().toString());
    }

    static final String KEY = Base64.getEncoder().encodeToString(
            "not-a-real-key-openlva-tests-000".getBytes(StandardCharsets.UTF_8));

    /** Null: hub-bridge is a device client. */
    protected String moduleId() {
        return null;
    }


    /**
     * The SDK connects to HostName (or GatewayHostName) on 8883. HostName=127.0.0.1 rather than a gateway: with
     * GatewayHostName the SDK assumes an IoT Edge hub and a device client never subscribes to cloud-to-device
     * messages; a module client (ModuleId) behind a gateway subscribes to its inputs instead.
     */
    static String connectionString(String deviceId, String moduleId, String key) {
        return moduleId == null
                ? "HostName=127.0.0.1;DeviceId=" + deviceId + ";SharedAccessKey=" + key
                : "HostName=testhub.azure-devices.net;DeviceId=" + deviceId + ";ModuleId=" + moduleId
                        + ";SharedAccessKey=" + key + ";GatewayHostName=localhost";
    }

    @Override
    public void stop() {
        try {
            if (broker != null) {
                broker.stop();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
