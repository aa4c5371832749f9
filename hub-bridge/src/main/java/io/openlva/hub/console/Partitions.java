package io.openlva.hub.console;

import java.util.List;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/** The console's readers take a whole topic, every partition, without a consumer group. */
final class Partitions {

    private Partitions() {
    }

    static List<TopicPartition> assignAll(Consumer<?, ?> consumer, String topic) {
        List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(parts);
        return parts;
    }
}
