package io.openlva.devkit;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * {@code @QuarkusTestResource(KafkaTestResource.class)}: points a Quarkus test application at the shared
 * real broker. The broker outlives a single test class and stops with the JVM.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", TestKafka.shared().bootstrapServers());
    }

    @Override
    public void stop() {
        // shared across test classes; stopped by TestKafka's shutdown hook
    }
}
