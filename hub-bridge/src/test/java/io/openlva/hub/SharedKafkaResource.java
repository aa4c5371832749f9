package io.openlva.hub;

import java.util.Map;

import io.openlva.devkit.TestKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * devkit's KafkaTestResource, but one broker per JVM even across Quarkus restarts: each test profile gets a new
 * class loader, where TestKafka's static broker is unset, and a second broker on the same data directory
 * corrupts the first. The first broker's address is kept in a JVM-wide system property.
 */
public class SharedKafkaResource implements QuarkusTestResourceLifecycleManager {

    private static final String PROPERTY = "openlva.hub-bridge.test.kafka.bootstrap";

    @Override
    public Map<String, String> start() {
        synchronized (System.class) {
            String bootstrap = System.getProperty(PROPERTY);
            if (bootstrap == null) {
                bootstrap = TestKafka.shared().bootstrapServers();
                System.setProperty(PROPERTY, bootstrap);
            }
            return Map.of("kafka.bootstrap.servers", bootstrap);
        }
    }

    @Override
    public void stop() {
        // the broker outlives the application; TestKafka's shutdown hook stops it with the JVM
    }
}
