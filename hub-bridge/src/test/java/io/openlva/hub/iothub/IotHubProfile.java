package io.openlva.hub.iothub;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** hub-bridge as an IoT Hub device on the test broker, on its own topics ("iot." prefix). */
public class IotHubProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "openlva.topic-prefix", "iot.",
                "openlva.hub.iothub.consumer-group", "hub-bridge-iot-test",
                "openlva.hub.iothub.diagnostics-events-output-name", "diagnostics",
                "openlva.hub.iothub.operational-events-output-name", "operational",
                "openlva.hub.iothub.message-ttl", "PT10M");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(MosquittoTestResource.class));
    }
}
