package io.openlva.devkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaExtension.class)
class KafkaBrokerTest {

    @Test
    void brokerListensOnLoopbackAndSurvivesRestart(KafkaBroker broker) throws Exception {
        assertThat(broker.bootstrapServers()).startsWith("127.0.0.1:");
        broker.createTopics(List.of(new NewTopic("devkit.probe", 2, (short) 1)));
        send(broker, "before");
        broker.restart();
        send(broker, "after");
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", broker.bootstrapServers(), "group.id", "probe", "auto.offset.reset", "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of("devkit.probe"));
            List<String> seen = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (seen.size() < 2 && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> rs = c.poll(Duration.ofMillis(500));
                rs.forEach(r -> seen.add(r.value()));
            }
            assertThat(seen).containsExactlyInAnyOrder("before", "after");
        }
    }

    private static void send(KafkaBroker broker, String value) throws Exception {
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of("bootstrap.servers", broker.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            p.send(new ProducerRecord<>("devkit.probe", "k", value)).get();
        }
    }
}
