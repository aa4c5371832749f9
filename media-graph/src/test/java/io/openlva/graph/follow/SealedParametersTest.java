package io.openlva.graph.follow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.openlva.graph.Docs;
import io.openlva.graph.KafkaTestSupport;
import io.openlva.graph.codec.GraphJson;
import io.openlva.graph.contract.TopicSpecs;
import io.openlva.graph.contract.Topics;
import io.openlva.graph.model.Instance;
import io.openlva.graph.model.RtspSource;
import io.openlva.graph.model.Topology;
import io.openlva.graph.model.UsernamePasswordCredentials;
import io.openlva.graph.param.ParameterCipher;

/**
 * Secret parameter values on the real broker: sealed in the topics, so the raw record is not the secret; a
 * follower with the key resolves the graph with the secret; one without it skips the instance; rotated keys still
 * open older records.
 */
class SealedParametersTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SECRET = "gate-rtsp-secret-3";
    private static final String DEFAULT_SECRET = "grpc-header-secret-7";

    @AfterEach
    void noKeys() {
        System.clearProperty(ParameterCipher.PROPERTY);
    }

    @Test
    void theTopicHoldsNoSecretAndAFollowerWithTheKeyResolvesIt() throws Exception {
        String oldKey = ParameterCipher.newKey("k1");
        Topics topics = KafkaTestSupport.freshTopics();
        try (Admin admin = KafkaTestSupport.admin()) {
            TopicSpecs.ensure(admin, topics, 1);
        }
        System.setProperty(ParameterCipher.PROPERTY, oldKey);
        Topology topology = Docs.topology(Docs.LVA_2);
        Instance instance = Docs.instance(Docs.LVA_2);
        assertThat(instance.parameters()).containsEntry("rtspPassword", SECRET);
        put(topics.topologies(), topology.name(), GraphJson.writeTopologyForStorage(topology));
        put(topics.instances(), instance.name(), GraphJson.writeInstanceForStorage(instance));

        String rawInstance = lastValue(topics.instances());
        String rawTopology = lastValue(topics.topologies());
        System.out.println("sealed instance record: " + rawInstance);
        assertThat(rawInstance).doesNotContain(SECRET).contains("openlva:sealed:v1:k1:");
        assertThat(rawTopology).doesNotContain(DEFAULT_SECRET).contains("openlva:sealed:v1:k1:");

        // a follower with the key: the graph resolves with the camera password
        assertThat(password(follow(topics))).isEqualTo(SECRET);

        // rotation: a new sealing key first, the old one still listed, opens the old records and seals new ones
        System.setProperty(ParameterCipher.PROPERTY, ParameterCipher.newKey("k2") + "," + oldKey);
        assertThat(password(follow(topics))).isEqualTo(SECRET);
        put(topics.instances(), instance.name(), GraphJson.writeInstanceForStorage(instance));
        assertThat(lastValue(topics.instances())).contains("openlva:sealed:v1:k2:").doesNotContain(SECRET);

        // without any key: the instance cannot be read and is skipped, the topology too (its secret default is sealed)
        System.clearProperty(ParameterCipher.PROPERTY);
        GraphSnapshot withoutKey = follow(topics);
        assertThat(withoutKey.instances()).doesNotContainKey(instance.name());
        assertThat(withoutKey.topologies()).doesNotContainKey(topology.name());
    }

    @Test
    void withoutKeysValuesAreStoredAsGiven() {
        Instance instance = Docs.instance(Docs.LVA_2);
        String stored = GraphJson.writeInstanceForStorage(instance, ParameterCipher.none());
        assertThat(stored).contains(SECRET);
        assertThat(GraphJson.readStoredInstance(stored, ParameterCipher.none())).isEqualTo(GraphJson.readInstance(stored));
    }

    private static String password(GraphSnapshot s) {
        RtspSource source = s.activeGraph("gate-camera").nodes(RtspSource.class).get(0);
        return ((UsernamePasswordCredentials) source.endpoint().credentials()).password();
    }

    private static GraphSnapshot follow(Topics topics) throws InterruptedException {
        try (GraphFollower follower = new GraphFollower(KafkaTestSupport.bootstrap(), topics, s -> { })) {
            follower.start();
            assertThat(follower.awaitCaughtUp(WAIT)).isTrue();
            return follower.snapshot();
        }
    }

    private static void put(String topic, String key, String value) {
        KafkaTestSupport.send(new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8)));
    }

    private static String lastValue(String topic) {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", KafkaTestSupport.bootstrap(),
                "client.id", "raw-" + UUID.randomUUID()), new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            c.seek(tp, end - 1);
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    values.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
            return values.get(values.size() - 1);
        }
    }
}
