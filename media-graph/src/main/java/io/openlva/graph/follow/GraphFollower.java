package io.openlva.graph.follow;

import io.openlva.graph.codec.GraphJson;
import io.openlva.graph.contract.EventEnvelope;
import io.openlva.graph.contract.KafkaClients;
import io.openlva.graph.contract.Topics;
import io.openlva.graph.model.Flavor;
import io.openlva.graph.model.Instance;
import io.openlva.graph.model.Topology;
import io.openlva.graph.param.SealedParameterException;
import io.openlva.graph.validate.GraphValidationException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the two compacted graph topics: replays them from the beginning, then keeps reading. No consumer
 * group (every replica needs every record): all partitions are assigned. A tombstone deletes. A record that
 * cannot be read is logged and skipped (the previous value of its key stays). The listener is called once
 * caught up, then after each batch that changed something, on the follower's own thread.
 */
public final class GraphFollower implements AutoCloseable {

    /** Called with the new state; must not block for long. */
    @FunctionalInterface
    public interface Listener {
        void onChange(GraphSnapshot snapshot);
    }

    private static final Logger LOG = LoggerFactory.getLogger(GraphFollower.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final long RETRY_MS = 1000;

    private final Map<String, Object> connection;
    private final Topics topics;
    private final Listener listener;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private volatile GraphSnapshot snapshot = GraphSnapshot.EMPTY;
    /** Next offset per partition whose records are all in {@link #snapshot}; guarded by itself. */
    private final Map<TopicPartition, Long> applied = new HashMap<>();
    private volatile boolean closed;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public GraphFollower(String bootstrapServers, Topics topics, Listener listener) {
        this(KafkaClients.config(bootstrapServers), topics, listener);
    }

    /** @param connection bootstrap servers and security settings (e.g. a service's SASL login) */
    public GraphFollower(Map<String, Object> connection, Topics topics, Listener listener) {
        this.connection = Map.copyOf(connection);
        this.topics = topics;
        this.listener = listener;
    }

    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        thread = new Thread(this::run, "graph-follower");
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until the topics were replayed to their end as of start-up; false on timeout. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isCaughtUp() {
        return caughtUp.getCount() == 0;
    }

    /**
     * Waits until {@link #snapshot()} reflects the record at {@code offset} of {@code partition} (and every record
     * before it): a writer that knows its record's offset reads its own write. False on timeout.
     */
    public boolean awaitApplied(TopicPartition partition, long offset, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (applied) {
            while (applied.getOrDefault(partition, 0L) <= offset) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                applied.wait(left);
            }
            return true;
        }
    }

    /** The latest state (empty before catch-up). */
    public GraphSnapshot snapshot() {
        return snapshot;
    }

    @Override
    public void close() {
        closed = true;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        while (!closed) {
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerProperties())) {
                consumer = c;
                if (closed) {
                    return;
                }
                follow(c);
            } catch (WakeupException e) {
                if (!closed) {
                    LOG.warn("graph follower woken up unexpectedly; restarting");
                }
            } catch (RuntimeException e) {
                // replay from scratch: the state on the topics is the truth
                LOG.warn("graph follower failed ({}); replaying the graph topics in {} ms", e.toString(), RETRY_MS);
                sleep(RETRY_MS);
            } finally {
                consumer = null;
            }
        }
    }

    private Properties consumerProperties() {
        Properties p = new Properties();
        p.putAll(connection);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "graph-follower-" + UUID.randomUUID());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        return p;
    }

    private void follow(KafkaConsumer<String, byte[]> c) {
        List<TopicPartition> partitions = awaitPartitions(c);
        if (partitions == null) {
            return;
        }
        c.assign(partitions);
        c.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = c.endOffsets(partitions);
        Map<String, Topology> topologies = new LinkedHashMap<>();
        Map<String, Instance> instances = new LinkedHashMap<>();
        Map<String, Long> versions = new HashMap<>();
        boolean replayed = false;
        while (!closed) {
            ConsumerRecords<String, byte[]> records = c.poll(POLL);
            boolean changed = false;
            for (ConsumerRecord<String, byte[]> r : records) {
                changed |= apply(r, topologies, instances, versions);
            }
            if (!replayed) {
                replayed = ends.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue());
                if (replayed) {
                    LOG.info("graph topics replayed: {} topologies, {} instances", topologies.size(), instances.size());
                    publish(topologies, instances, versions);
                    caughtUp.countDown();
                }
            } else if (changed) {
                publish(topologies, instances, versions);
            }
            if (replayed) {
                markApplied(c, partitions);
            }
        }
    }

    private void markApplied(KafkaConsumer<String, byte[]> c, List<TopicPartition> partitions) {
        synchronized (applied) {
            for (TopicPartition tp : partitions) {
                applied.merge(tp, c.position(tp), Math::max);
            }
            applied.notifyAll();
        }
    }

    /** All partitions of both topics, waiting (bounded by close) while they do not exist yet. */
    private List<TopicPartition> awaitPartitions(KafkaConsumer<String, byte[]> c) {
        boolean warned = false;
        while (!closed) {
            List<TopicPartition> out = new ArrayList<>();
            boolean all = true;
            // listTopics answers at once; partitionsFor would block on a missing topic
            Map<String, List<PartitionInfo>> existing = c.listTopics(Duration.ofSeconds(30));
            for (String topic : topics.graphState()) {
                List<PartitionInfo> infos = existing.get(topic);
                if (infos == null || infos.isEmpty()) {
                    all = false;
                    break;
                }
                infos.forEach(i -> out.add(new TopicPartition(i.topic(), i.partition())));
            }
            if (all) {
                return out;
            }
            if (!warned) {
                LOG.info("waiting for topics {} to exist", topics.graphState());
                warned = true;
            }
            sleep(RETRY_MS);
        }
        return null;
    }

    private boolean apply(ConsumerRecord<String, byte[]> r, Map<String, Topology> topologies, Map<String, Instance> instances,
            Map<String, Long> versions) {
        boolean isTopology = r.topic().equals(topics.topologies());
        String what = isTopology ? "topology" : "instance";
        if (r.key() == null) {
            LOG.warn("{} record without key at {}-{}@{}: skipped", what, r.topic(), r.partition(), r.offset());
            return false;
        }
        if (r.value() == null) {
            if (!isTopology) {
                versions.remove(r.key());
            }
            return (isTopology ? topologies.remove(r.key()) : instances.remove(r.key())) != null;
        }
        try {
            String json = new String(r.value(), StandardCharsets.UTF_8);
            if (isTopology) {
                Topology t = GraphJson.readStoredTopology(json);
                if (!r.key().equals(t.name())) {
                    LOG.warn("topology record key {} differs from its name {}: skipped", r.key(), t.name());
                    return false;
                }
                return !t.equals(topologies.put(r.key(), t));
            }
            Instance i = GraphJson.readStoredInstance(json);
            if (!r.key().equals(i.name())) {
                LOG.warn("instance record key {} differs from its name {}: skipped", r.key(), i.name());
                return false;
            }
            // even a rewrite of the same instance is a change: a new version that services report on again
            versions.put(r.key(), r.offset());
            instances.put(r.key(), i);
            return true;
        } catch (GraphValidationException e) {
            LOG.warn("invalid {} record {} at {}-{}@{} skipped: {}", what, r.key(), r.topic(), r.partition(), r.offset(),
                    e.error().details().stream().map(d -> d.code() + " at " + d.target()).toList());
        } catch (SealedParameterException e) {
            LOG.warn("{} record {} at {}-{}@{} skipped: {}", what, r.key(), r.topic(), r.partition(), r.offset(),
                    e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("unreadable {} record {} at {}-{}@{} skipped: {}", what, r.key(), r.topic(), r.partition(), r.offset(),
                    e.getClass().getName());
        }
        return false;
    }

    private void publish(Map<String, Topology> topologies, Map<String, Instance> instances, Map<String, Long> versions) {
        GraphSnapshot s = GraphSnapshot.of(new HashMap<>(topologies), new HashMap<>(instances), versions);
        LOG.debug("graph state: {} topologies, {} instances, {} active", topologies.size(), instances.size(), s.activeGraphs().size());
        snapshot = s;
        Map<String, Flavor> flavors = new HashMap<>();
        instances.values().forEach(i -> {
            Topology t = topologies.get(i.topologyName());
            flavors.put(i.name(), t == null ? Flavor.MEDIA_GRAPH : t.flavor());
        });
        EventEnvelope.follow(flavors); // before the listener acts on the view, so its events wear the right envelope
        try {
            listener.onChange(s);
        } catch (RuntimeException e) {
            LOG.warn("graph listener failed", e);
        }
    }

    private void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }
}
