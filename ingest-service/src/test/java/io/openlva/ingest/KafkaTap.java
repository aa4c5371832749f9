package io.openlva.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.InstanceStatus;
import io.openlva.graph.contract.MediaPacket;
import io.openlva.graph.contract.Topics;

/**
 * Test helper: writes graph state like hub-bridge does and records everything on the packets, events and status
 * topics.
 */
public final class KafkaTap implements AutoCloseable {

    private final String bootstrap;
    private final Topics topics;
    private final KafkaProducer<String, String> graphWriter;
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<MediaPacket> packets = new CopyOnWriteArrayList<>();
    private final List<GraphEvent> events = new CopyOnWriteArrayList<>();
    private final List<Status> statuses = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean closed;

    public KafkaTap(String bootstrap, Topics topics) {
        this.bootstrap = bootstrap;
        this.topics = topics;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        graphWriter = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 * 1024 * 1024));
        consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> tps = new ArrayList<>();
        for (String t : List.of(topics.packets(), topics.events(), topics.status())) {
            for (PartitionInfo pi : consumer.partitionsFor(t, Duration.ofSeconds(30))) {
                tps.add(new TopicPartition(t, pi.partition()));
            }
        }
        consumer.assign(tps);
        consumer.seekToEnd(tps); // only what happens from now on
        tps.forEach(consumer::position);
        thread = new Thread(this::run, "kafka-tap");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (!closed) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.topic().equals(topics.packets())) {
                        packets.add(MediaPacket.fromRecord(r));
                    } else if (r.topic().equals(topics.status())) {
                        statuses.add(new Status(r.key(), r.value() == null ? null : InstanceStatus.fromJson(r.value())));
                    } else {
                        events.add(GraphEvent.fromRecord(r));
                    }
                }
            }
        } catch (WakeupException e) {
            // closed
        } finally {
            consumer.close();
        }
    }

    public void putTopology(String name, String json) {
        send(topics.topologies(), name, json);
    }

    /** Writes the instance; returns its record's offset (the version services name in their status reports). */
    public long putInstance(String name, String json) {
        return send(topics.instances(), name, json);
    }

    public void deleteInstance(String name) {
        send(topics.instances(), name, null);
    }

    private long send(String topic, String key, String value) {
        try {
            return graphWriter.send(new ProducerRecord<>(topic, key, value)).get().offset();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A record of the status topic; {@code status} null for a tombstone. */
    public record Status(String key, InstanceStatus status) {
    }

    /** The status records written since the tap started, for keys starting with {@code instance/}. */
    public List<Status> statuses(String instance) {
        return statuses.stream().filter(s -> s.key().startsWith(instance + "/")).toList();
    }

    public List<MediaPacket> packets(String streamKey) {
        return packets.stream().filter(p -> p.key().toString().equals(streamKey)).toList();
    }

    public List<GraphEvent> events(String instance, String eventType) {
        return events.stream().filter(e -> e.instance().equals(instance) && e.eventType().equals(eventType)).toList();
    }

    public List<GraphEvent> events(Predicate<GraphEvent> filter) {
        return events.stream().filter(filter).toList();
    }

    public String bootstrap() {
        return bootstrap;
    }

    /** An LVA 2.0 instance of the test topology. */
    public static String instanceJson(String name, String topology, Map<String, String> parameters, boolean active) {
        StringBuilder params = new StringBuilder();
        parameters.forEach((k, v) -> params.append(params.length() == 0 ? "" : ",")
                .append("{\"name\":\"").append(k).append("\",\"value\":\"").append(v).append("\"}"));
        return "{\"@apiVersion\":\"2.0\",\"name\":\"" + name + "\",\"properties\":{\"topologyName\":\"" + topology
                + "\",\"parameters\":[" + params + "],\"state\":\"" + (active ? "Active" : "Inactive") + "\"}}";
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        graphWriter.close();
    }
}
