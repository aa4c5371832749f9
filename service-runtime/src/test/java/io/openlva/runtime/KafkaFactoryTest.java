package io.openlva.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class KafkaFactoryTest {

    private final KafkaFactory kafka = new KafkaFactory("127.0.0.1:1");

    @Test
    void producersAreSafeByDefaultAndTheCallerWins() {
        Map<String, Object> p = kafka.producerConfig("ingest-events", Map.of());
        assertThat(p).containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1")
                .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "ingest-events")
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        Map<String, Object> lossy = kafka.producerConfig("ingest-packets",
                Map.of(ProducerConfig.ACKS_CONFIG, "1", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false"));
        assertThat(lossy).containsEntry(ProducerConfig.ACKS_CONFIG, "1")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false")
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
    }

    @Test
    void consumersJoinAGroupOnlyWhenGivenOne() {
        Map<String, Object> grouped = kafka.consumerConfig("sampler-0", "openlva-sampler", Map.of());
        assertThat(grouped).containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "openlva-sampler")
                .containsEntry(ConsumerConfig.CLIENT_ID_CONFIG, "sampler-0")
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        assertThat(kafka.consumerConfig("preroll", null, Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "true")))
                .doesNotContainKey(ConsumerConfig.GROUP_ID_CONFIG)
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "true");
    }
}
