package io.openlva.hub.store;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

import io.openlva.graph.codec.GraphJson;
import io.openlva.graph.contract.Topics;
import io.openlva.graph.follow.GraphFollower;
import io.openlva.graph.follow.GraphSnapshot;
import io.openlva.graph.model.Instance;
import io.openlva.graph.model.Topology;
import io.openlva.runtime.KafkaFactory;

/**
 * The graph state in the compacted topics, hub-bridge being their only writer. Reads come from a
 * {@link GraphFollower} that follows both topics for as long as hub-bridge runs, so a restarted or second replica
 * sees every change. A write goes to Kafka (acks=all) and returns once the follower has applied it: the caller reads
 * its own write, and the view is always what Kafka holds, never what hub-bridge hoped to write. The runtime creates the
 * topics; {@code HubBridgeApp} starts and closes the store.
 */
public class GraphStore implements AutoCloseable {

    private final KafkaFactory kafka;
    private final Topics topics;
    private final Duration writeTimeout;
    private volatile GraphFollower follower;
    private volatile KafkaProducer<String, String> producer;

    public GraphStore(KafkaFactory kafka, Topics topics, Duration writeTimeout) {
        this.kafka = kafka;
        this.topics = topics;
        this.writeTimeout = writeTimeout;
    }

    /** Starts the writer and follows the topics (which exist); again after {@link #close}. */
    public synchronized void start() {
        if (producer != null) {
            return;
        }
        producer = kafka.producer("hub-graph-writes", new StringSerializer(), new StringSerializer(),
                producerSettings(writeTimeout));
        GraphFollower f = new GraphFollower(kafka.bootstrapServers(), topics, snapshot -> {
        });
        follower = f;
        f.start();
    }

    /** Durable (the factory's acks=all, idempotence), and a send is given up after twice the write timeout at most. */
    private static Map<String, Object> producerSettings(Duration writeTimeout) {
        int ms = (int) writeTimeout.toMillis();
        return Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, ms,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, ms,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2 * ms);
    }

    /** The graph topics were replayed to their end: the view is complete. */
    public boolean ready() {
        GraphFollower f = follower;
        return producer != null && f != null && f.isCaughtUp();
    }

    /** The latest graph state (empty before the start). */
    public GraphSnapshot snapshot() {
        GraphFollower f = follower;
        return f == null ? GraphSnapshot.EMPTY : f.snapshot();
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
        KafkaProducer<String, String> p = producer;
        GraphFollower f = follower;
        if (p == null || f == null) {
            throw new StoreUnavailableException("graph state not loaded yet");
        }
        try {
            RecordMetadata written = p.send(new ProducerRecord<>(topic, key, value))
                    .get(2 * writeTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            if (!f.awaitApplied(new TopicPartition(topic, written.partition()), written.offset(), writeTimeout)) {
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
    public synchronized void close() {
        GraphFollower f = follower;
        follower = null;
        if (f != null) {
            f.close();
        }
        KafkaProducer<String, String> p = producer;
        producer = null;
        if (p != null) {
            p.close(Duration.ofSeconds(5));
        }
    }

    /** Kafka is not reachable or the state is not loaded: the call changed nothing (or, said so, not visibly yet). */
    public static class StoreUnavailableException extends RuntimeException {
        public StoreUnavailableException(String message) {
            super(message);
        }
    }
}
