package io.openlva.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.openlva.graph.contract.Topics;

/** Kafka clients of the tests and benchmarks: a frame producer and a reader of every events partition. */
public final class TestClients {

    private TestClients() {
    }

    /** Sends frames: raw 640x640 rgb24 frames are 1.2 MB, over Kafka's 1 MB default request size; no linger. */
    public static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** Reads every partition of the events topic (no group), from its start or from now. */
    public static KafkaConsumer<String, byte[]> events(String bootstrap, Topics topics, boolean fromStart) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = new ArrayList<>();
        c.partitionsFor(topics.events()).forEach(i -> parts.add(new TopicPartition(i.topic(), i.partition())));
        c.assign(parts);
        if (fromStart) {
            c.seekToBeginning(parts);
        } else {
            c.seekToEnd(parts);
        }
        parts.forEach(c::position);
        return c;
    }
}
