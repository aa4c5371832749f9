package io.openlva.ingest.graph;

import io.openlva.graph.contract.KafkaClients;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * Which cameras this replica pulls. The replicas join one Kafka consumer group on an ownership topic and
 * the group assigns its partitions among the live replicas; an instance's cameras belong to the replica
 * holding partition {@link OwnershipHash#partition}(instance name). When a replica dies, the group
 * reassigns its partitions after the session timeout; a replica that shuts down cleanly leaves at once.
 *
 * <p>The ownership topic is {@code graph.instances} itself when it has several partitions; with the default
 * single-partition instances topic, it is a dedicated, empty {@code <prefix>ingest.ownership} topic whose
 * only purpose is to be divided among the replicas. Records, if any, are ignored: the graph state comes
 * from the GraphFollower.
 */
public final class Ownership implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Ownership.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final int partitions;
    private final Runnable onChange;
    private final Set<Integer> owned = ConcurrentHashMap.newKeySet();
    private volatile boolean joined;
    private volatile boolean closed;
    private Thread thread;

    public Ownership(String bootstrapServers, String topic, int partitions, String groupId, Duration sessionTimeout,
            Runnable onChange) {
        Properties p = new Properties();
        p.putAll(KafkaClients.config(bootstrapServers));
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "ingest-ownership");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(sessionTimeout.toMillis()));
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Long.toString(Math.max(500, sessionTimeout.toMillis() / 4)));
        // Cooperative: a rebalance moves only the partitions that change owner, the other cameras keep flowing.
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10");
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(1024 * 1024));
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.partitions = partitions;
        this.onChange = onChange;
    }

    public synchronized void start() {
        thread = new Thread(this::run, "ingest-ownership");
        thread.setDaemon(true);
        thread.start();
    }

    /** True when this replica pulls the cameras of {@code instanceName}. */
    public boolean owns(String instanceName) {
        return owned.contains(OwnershipHash.partition(instanceName, partitions));
    }

    /** True once the group gave this replica its first assignment (possibly empty). */
    public boolean joined() {
        return joined;
    }

    public Set<Integer> ownedPartitions() {
        return Set.copyOf(owned);
    }

    public String topic() {
        return topic;
    }

    public int partitions() {
        return partitions;
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
                    change(revoked, false);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> lost) {
                    change(lost, false);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
                    joined = true;
                    change(assigned, true);
                }
            });
            while (!closed) {
                consumer.poll(Duration.ofMillis(500)); // keeps the membership alive; records are not used
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.error("ownership consumer failed; this replica pulls no camera until restarted", e);
                owned.clear();
                onChange.run();
            }
        } finally {
            try {
                consumer.close(java.time.Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debug("closing the ownership consumer", e);
            }
        }
    }

    private void change(Collection<TopicPartition> tps, boolean add) {
        if (tps.isEmpty()) {
            return;
        }
        for (TopicPartition tp : tps) {
            if (add) {
                owned.add(tp.partition());
            } else {
                owned.remove(tp.partition());
            }
        }
        LOG.infof("ownership %s partitions %s of %s; now owning %s", add ? "gained" : "lost",
                tps.stream().map(TopicPartition::partition).sorted().toList(), topic, owned);
        onChange.run();
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        Thread t = thread;
        if (t != null) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
