package io.openlva.hub.store;

import io.openlva.graph.contract.KafkaClients;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import io.openlva.graph.contract.TopicSpecs;
import io.openlva.graph.contract.Topics;
import io.openlva.graph.codec.GraphJson;
import io.openlva.graph.model.Instance;
import io.openlva.graph.model.Topology;

/**
 * The graph state in the compacted topics, hub-bridge being their only writer. At start it reads both topics
 * to their end; afterwards the in-memory view changes only through {@link #put}/{@link #delete}, each written
 * synchronously (acks=all) before it is applied, so what a caller was told is what Kafka holds.
 */
public class GraphStore implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GraphStore.class);

    private final String bootstrapServers;
    private final Topics topics;
    private final int mediaPartitions;
    private final Map<String, Topology> topologies = new TreeMap<>();
    private final Map<String, Instance> instances = new TreeMap<>();
    private volatile KafkaProducer<String, String> producer;
    private volatile boolean ready;

    public GraphStore(String bootstrapServers, Topics topics, int mediaPartitions) {
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
        this.mediaPartitions = mediaPartitions;
    }

    public Topics topics() {
        return topics;
    }

    public boolean ready() {
        return ready;
    }

    /** Creates missing topics, reads the graph topics to their end and opens the producer. */
    public void load(Duration timeout) {
        Properties admin = new Properties();
        admin.putAll(KafkaClients.config(bootstrapServers));
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        try (Admin a = Admin.create(admin)) {
            TopicSpecs.ensure(a, topics, mediaPartitions);
        }
        Map<String, Topology> loadedTopologies = new HashMap<>();
        Map<String, Instance> loadedInstances = new HashMap<>();
        Properties c = new Properties();
        c.putAll(KafkaClients.config(bootstrapServers));
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new java.util.ArrayList<>();
            for (String topic : topics.graphState()) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
                for (PartitionInfo p : infos) {
                    partitions.add(new TopicPartition(topic, p.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!caughtUp(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("graph topics not read to their end within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    apply(r, loadedTopologies, loadedInstances);
                }
            }
        }
        Properties p = new Properties();
        p.putAll(KafkaClients.config(bootstrapServers));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        synchronized (this) {
            topologies.clear();
            topologies.putAll(loadedTopologies);
            instances.clear();
            instances.putAll(loadedInstances);
        }
        ready = true;
        LOG.infof("graph state loaded: %d topologies, %d instances", loadedTopologies.size(), loadedInstances.size());
    }

    private static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void apply(ConsumerRecord<String, byte[]> r, Map<String, Topology> ts, Map<String, Instance> is) {
        if (r.key() == null) {
            return;
        }
        boolean topology = r.topic().equals(topics.topologies());
        if (r.value() == null) {
            (topology ? ts : is).remove(r.key());
            return;
        }
        String json = new String(r.value(), StandardCharsets.UTF_8);
        try {
            if (topology) {
                ts.put(r.key(), GraphJson.readTopology(json));
            } else {
                is.put(r.key(), GraphJson.readInstance(json));
            }
        } catch (RuntimeException e) {
            // Kept out of the view, never logged with its content (it may hold secrets).
            LOG.errorf("stored %s '%s' at %s-%d@%d cannot be read and is ignored: %s",
                    topology ? "topology" : "instance", r.key(), r.topic(), r.partition(), r.offset(),
                    e.getClass().getSimpleName());
        }
    }

    public synchronized Collection<Topology> topologies() {
        return List.copyOf(topologies.values());
    }

    public synchronized Collection<Instance> instances() {
        return List.copyOf(instances.values());
    }

    public synchronized Optional<Topology> topology(String name) {
        return Optional.ofNullable(topologies.get(name));
    }

    public synchronized Optional<Instance> instance(String name) {
        return Optional.ofNullable(instances.get(name));
    }

    public void put(Topology topology) {
        write(topics.topologies(), topology.name(), GraphJson.writeTopologyForStorage(topology));
        synchronized (this) {
            topologies.put(topology.name(), topology);
        }
    }

    public void put(Instance instance) {
        write(topics.instances(), instance.name(), GraphJson.writeInstanceForStorage(instance));
        synchronized (this) {
            instances.put(instance.name(), instance);
        }
    }

    public void deleteTopology(String name) {
        write(topics.topologies(), name, null);
        synchronized (this) {
            topologies.remove(name);
        }
    }

    public void deleteInstance(String name) {
        write(topics.instances(), name, null);
        synchronized (this) {
            instances.remove(name);
        }
    }

    private void write(String topic, String key, String value) {
        if (!ready) {
            throw new StoreUnavailableException("graph state not loaded yet");
        }
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(45, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while writing " + topic);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new StoreUnavailableException("Kafka did not acknowledge the write to " + topic + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
        }
    }

    @Override
    public void close() {
        ready = false;
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** Kafka is not reachable or the state is not loaded: the call changed nothing. */
    public static class StoreUnavailableException extends RuntimeException {
        public StoreUnavailableException(String message) {
            super(message);
        }
    }
}
