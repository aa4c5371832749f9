package io.openlva.hub.store;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

import io.openlva.graph.codec.GraphJson;
import io.openlva.graph.contract.KafkaClients;
import io.openlva.graph.contract.TopicSpecs;
import io.openlva.graph.contract.Topics;
import io.openlva.graph.follow.GraphFollower;
import io.openlva.graph.follow.GraphSnapshot;
import io.openlva.graph.model.Instance;
import io.openlva.graph.model.Topology;

/**
 * The graph state in the compacted topics, hub-bridge being their only writer. Reads come from a
 * {@link GraphFollower} that follows both topics for as long as hub-bridge runs, so a restarted or second replica
 * sees every change. A write goes to Kafka (acks=all) and returns once the follower has applied it: the caller reads
 * its own write, and the view is always what Kafka holds, never what hub-bridge hoped to write.
 */
public class GraphStore implements AutoCloseable {

    private final String bootstrapServers;
    private final Topics topics;
    private final int mediaPartitions;
    private final Duration writeTimeout;
    private final GraphFollower follower;
    private volatile KafkaProducer<String, String> producer;

    public GraphStore(String bootstrapServers, Topics topics, int mediaPartitions, Duration writeTimeout) {
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
        this.mediaPartitions = mediaPartitions;
        this.writeTimeout = writeTimeout;
        this.follower = new GraphFollower(bootstrapServers, topics, snapshot -> {
        });
    }

    /** Creates the missing topics, then starts following; throws while Kafka does not answer (the caller retries). */
    public synchronized void start() {
        if (producer != null) {
            return;
        }
        Properties admin = new Properties();
        admin.putAll(KafkaClients.config(bootstrapServers));
        // not below the client's request timeout (30 s), which Kafka refuses
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.max(30_000, writeTimeout.toMillis()));
        try (Admin a = Admin.create(admin)) {
            TopicSpecs.ensure(a, topics, mediaPartitions);
        }
        producer = new KafkaProducer<>(KafkaClients.config(bootstrapServers, producerSettings(writeTimeout)),
                new StringSerializer(), new StringSerializer());
        follower.start();
    }

    /** Durable (acks=all, idempotent), and a send is given up after twice the write timeout at most. */
    private static Map<String, Object> producerSettings(Duration writeTimeout) {
        int ms = (int) writeTimeout.toMillis();
        return Map.of(ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, ms,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, ms,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2 * ms);
    }

    /** The graph topics were replayed to their end: the view is complete. */
    public boolean ready() {
        return producer != null && follower.isCaughtUp();
    }

    public GraphSnapshot snapshot() {
        return follower.snapshot();
    }

    public Collection<Topology> topologies() {
        return List.copyOf(snapshot().topologies().values());
    }

    public Collection<Instance> instances() {
        return List.copyOf(snapshot().instances().values());
    }

    public Optional<Topology> topology(String name) {
        return Optional.ofNullable(snapshot().topologies().get(name));
    }

    public Optional<Instance> instance(String name) {
        return Optional.ofNullable(snapshot().instances().get(name));
    }

    /** @return the offset of the record written */
    public long put(Topology topology) {
        return write(topics.topologies(), topology.name(), GraphJson.writeTopologyForStorage(topology));
    }

    /** @return the offset of the record written: the instance version services report on */
    public long put(Instance instance) {
        return write(topics.instances(), instance.name(), GraphJson.writeInstanceForStorage(instance));
    }

    public void deleteTopology(String name) {
        write(topics.topologies(), name, null);
    }

    public void deleteInstance(String name) {
        write(topics.instances(), name, null);
    }

    private long write(String topic, String key, String value) {
        if (!ready()) {
            throw new StoreUnavailableException("graph state not loaded yet");
        }
        try {
            RecordMetadata written = producer.send(new ProducerRecord<>(topic, key, value))
                    .get(2 * writeTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            if (!follower.awaitApplied(new TopicPartition(topic, written.partition()), written.offset(), writeTimeout)) {
                throw new StoreUnavailableException("Kafka holds the change to " + topic + " but the graph view did not"
                        + " catch up within " + writeTimeout + "; read it again shortly");
            }
            return written.offset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while writing " + topic);
        } catch (ExecutionException | TimeoutException e) {
            throw new StoreUnavailableException("Kafka did not acknowledge the write to " + topic + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
        }
    }

    @Override
    public void close() {
        follower.close();
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** Kafka is not reachable or the state is not loaded: the call changed nothing (or, said so, not visibly yet). */
    public static class StoreUnavailableException extends RuntimeException {
        public StoreUnavailableException(String message) {
            super(message);
        }
    }
}
