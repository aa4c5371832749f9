package io.openlva.ingest.ownership;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

import io.openlva.runtime.ConsumerLoop;
import io.openlva.runtime.KafkaFactory;
import io.openlva.runtime.ServiceHealth;

/**
 * Which cameras this replica pulls. The replicas join one Kafka consumer group on an ownership topic and
 * the group assigns its partitions among the live replicas; an instance's cameras belong to the replica
 * holding partition {@link OwnershipHash#partition}(instance name). When a replica dies, the group
 * reassigns its partitions after the session timeout; a replica that shuts down cleanly leaves at once.
 *
 * <p>The ownership topic is {@code graph.instances} itself when it has several partitions; with the default
 * single-partition instances topic, it is a dedicated, empty {@code <prefix>ingest.ownership} topic
 * ({@link OwnershipTopic}) whose only purpose is to be divided among the replicas. Records, if any, are ignored:
 * the graph state comes from the graph follower. The group membership runs in a {@link ConsumerLoop}.
 */
public final class Ownership implements ConsumerLoop.Handler<byte[], byte[]>, ConsumerRebalanceListener, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Ownership.class);

    private final String topic;
    private final int partitions;
    private final Runnable onChange;
    private final Set<Integer> owned = ConcurrentHashMap.newKeySet();
    private final ConsumerLoop<byte[], byte[]> loop;
    private volatile boolean joined;

    public Ownership(KafkaFactory kafka, ServiceHealth health, String topic, int partitions, String groupId,
            Duration sessionTimeout, Runnable onChange) {
        this.topic = topic;
        this.partitions = partitions;
        this.onChange = onChange;
        Map<String, Object> settings = Map.of(
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(sessionTimeout.toMillis()),
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Long.toString(Math.max(500, sessionTimeout.toMillis() / 4)),
                // Cooperative: a rebalance moves only the partitions that change owner, the other cameras keep flowing.
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10",
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(1024 * 1024));
        this.loop = new ConsumerLoop<>("ingest-ownership", () -> kafka.consumer("ingest-ownership", groupId,
                new ByteArrayDeserializer(), new ByteArrayDeserializer(), settings), this, health);
    }

    public void start() {
        loop.start();
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

    @Override
    public void subscribe(Consumer<byte[], byte[]> consumer) {
        consumer.subscribe(List.of(topic), this);
    }

    @Override
    public void handle(Consumer<byte[], byte[]> consumer, ConsumerRecords<byte[], byte[]> records) {
        // polling keeps the membership alive; the records are not used
    }

    /** The consumer closed (shutdown, or a retry after a failure): this replica owns nothing until it joins again. */
    @Override
    public void stopped() {
        joined = false;
        if (!owned.isEmpty()) {
            owned.clear();
            onChange.run();
        }
    }

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
        loop.close();
    }
}
