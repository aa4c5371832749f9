package io.openlva.inference.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.openlva.graph.contract.InstanceStatus;
import io.openlva.graph.contract.Topics;
import io.openlva.graph.model.InstanceState;
import io.openlva.graph.model.OwningService;
import io.openlva.inference.GraphFixtures;
import io.openlva.inference.TestModel;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** hub-bridge completes an activation from these reports: inference says Active once its nodes are set up. */
@QuarkusTest
@QuarkusTestResource(value = io.openlva.devkit.KafkaTestResource.class, restrictToAnnotatedClass = false)
class StatusReportTest {

    private static final String INSTANCE = "status-" + UUID.randomUUID().toString().substring(0, 8);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    Topics topics;

    @Test
    void anActiveInstanceIsReportedActiveAndForgottenWhenDeleted() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        String key = InstanceStatus.key(INSTANCE, OwningService.INFERENCE);
        Map<String, List<InstanceStatus>> seen = new ConcurrentHashMap<>();
        try (KafkaConsumer<String, byte[]> status = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !status.partitionsFor(topics.status()).isEmpty());
            TopicPartition part = new TopicPartition(topics.status(), 0);
            status.assign(List.of(part));
            status.seekToBeginning(List.of(part));
            GraphFixtures.activate(bootstrap, topics, "/topologies/people-detection.json", INSTANCE, Map.of(
                    "modelPath", TestModel.path().toString(),
                    "inferencingUrl", "http://127.0.0.1:9/score"));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                status.poll(Duration.ofMillis(200)).records(part).stream().filter(r -> key.equals(r.key()))
                        .forEach(r -> seen.computeIfAbsent("all", k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                                .add(r.value() == null ? null : InstanceStatus.fromJson(r.value())));
                List<InstanceStatus> all = seen.getOrDefault("all", List.of());
                return !all.isEmpty() && all.get(all.size() - 1) != null
                        && all.get(all.size() - 1).state() == InstanceState.ACTIVE;
            });
            InstanceStatus active = seen.get("all").get(seen.get("all").size() - 1);
            assertThat(active.instance()).isEqualTo(INSTANCE);
            assertThat(active.instanceVersion()).isGreaterThanOrEqualTo(0);

            GraphFixtures.delete(bootstrap, topics, INSTANCE);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                boolean[] tombstone = {false};
                status.poll(Duration.ofMillis(200)).records(part).stream().filter(r -> key.equals(r.key()))
                        .forEach(r -> tombstone[0] |= r.value() == null);
                return tombstone[0];
            });
        }
    }
}
