package io.openlva.sampler.support;

import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.openlva.graph.contract.TopicSpecs;
import io.openlva.graph.contract.Topics;

/** Kafka clients for the tests on the real broker. */
public final class TestClients {

    private TestClients() {
    }

    /** A producer that writes records as ingest and hub-bridge would. */
    public static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    /** OpenLVA's topics under a prefix of their own (so tests sharing the broker do not meet), created. */
    public static Topics freshTopics(String bootstrap, String name, int mediaPartitions) {
        Topics topics = new Topics(name + UUID.randomUUID().toString().substring(0, 6) + ".");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicSpecs.ensure(admin, topics, mediaPartitions);
        }
        return topics;
    }
}
