package io.openlva.sampler.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.openlva.graph.contract.MediaPacket;
import io.openlva.graph.contract.StreamKey;
import io.openlva.runtime.ConsumerLoop;
import io.openlva.runtime.KafkaFactory;
import io.openlva.runtime.ServiceHealth;
import io.openlva.sampler.flow.FlowOutput;
import io.openlva.sampler.flow.StreamPlan;
import io.openlva.sampler.graph.PlanRegistry;
import io.openlva.sampler.image.ScaleAlgorithm;
import io.openlva.sampler.stream.StreamMetrics;
import io.openlva.sampler.stream.StreamWorker;
import io.openlva.sampler.stream.ThrottledLog;

/**
 * One member of the sampler's consumer group on media.packets, on a {@link ConsumerLoop} of its own. Kafka's
 * partition assignment decides which replica decodes a stream; when a partition leaves, its streams' workers are
 * closed, and a worker created after an assignment starts at the next keyframe.
 */
public final class PacketConsumer implements ConsumerLoop.Handler<String, byte[]>, ConsumerRebalanceListener,
        AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PacketConsumer.class);
    /** Short polls: a stream whose instance went away is closed (and reported stopped) within one. */
    private static final Duration POLL = Duration.ofMillis(200);

    /** Settings of one consumer. */
    public record Settings(String topic, String group, String startOffset, int decoderThreads,
            ScaleAlgorithm scaleAlgorithm, String eventTopic) {
    }

    private final String name;
    private final Settings settings;
    private final KafkaFactory kafka;
    private final ServiceHealth health;
    private final PlanRegistry plans;
    private final FlowOutput output;
    private final MeterRegistry registry;
    private final Runnable streamsStopped;
    private final Counter malformed;
    private final Counter unplanned;
    // written on the loop's thread only; concurrent so that streams() can be read from others
    private final Map<StreamKey, StreamWorker> workers = new ConcurrentHashMap<>();
    private final Map<StreamKey, TopicPartition> partitions = new ConcurrentHashMap<>();
    private final ThrottledLog problems = new ThrottledLog(LOG);
    private volatile boolean assigned;
    private ConsumerLoop<String, byte[]> loop;

    /**
     * @param streamsStopped called (on the loop's thread) after streams' workers were closed, so the instances'
     *                       status can say they stopped
     */
    public PacketConsumer(String name, Settings settings, KafkaFactory kafka, ServiceHealth health, PlanRegistry plans,
            FlowOutput output, MeterRegistry registry, Runnable streamsStopped) {
        this.name = name;
        this.settings = settings;
        this.kafka = kafka;
        this.health = health;
        this.plans = plans;
        this.output = output;
        this.registry = registry;
        this.streamsStopped = streamsStopped;
        this.malformed = Counter.builder("openlva.sampler.packets.malformed")
                .description("Records of media.packets that are not MediaPackets").register(registry);
        this.unplanned = Counter.builder("openlva.sampler.packets.unplanned")
                .description("Packets of streams no active instance samples").register(registry);
    }

    public synchronized PacketConsumer start() {
        if (loop == null) {
            loop = new ConsumerLoop<>(name, this::newConsumer, this, health, POLL).start();
        }
        return this;
    }

    private Consumer<String, byte[]> newConsumer() {
        return kafka.consumer(name, settings.group(), new StringDeserializer(), new ByteArrayDeserializer(), Map.of(
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, settings.startOffset(),
                // the position is committed as packets are read: a new owner resumes there, at the next keyframe
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "true",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "50",
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName()));
    }

    /** Whether the group gave this consumer its partitions at least once. */
    public boolean assigned() {
        return assigned;
    }

    /** The streams this consumer decodes now. */
    public Set<StreamKey> streams() {
        return Set.copyOf(workers.keySet());
    }

    @Override
    public void subscribe(Consumer<String, byte[]> consumer) {
        consumer.subscribe(List.of(settings.topic()), this);
    }

    @Override
    public void handle(Consumer<String, byte[]> consumer, ConsumerRecords<String, byte[]> records) {
        for (ConsumerRecord<String, byte[]> r : records) {
            handle(r);
        }
        dropUnplanned();
    }

    @Override
    public void stopped() {
        closeWorkers(w -> true);
    }

    private void handle(ConsumerRecord<String, byte[]> r) {
        MediaPacket packet;
        try {
            packet = MediaPacket.fromRecord(r);
        } catch (RuntimeException e) {
            malformed.increment();
            problems.warn(String.valueOf(r.key()), "record %s-%d@%d (key %s) is not a media packet: %s; skipped",
                    r.topic(), r.partition(), r.offset(), r.key(), e.getMessage());
            return;
        }
        StreamKey key = packet.key();
        StreamPlan plan = plans.plan(key);
        if (plan == null) {
            unplanned.increment();
            problems.warn(key.toString(), "stream %s: packets dropped, no active instance has this source "
                    + "(deactivated or deleted)", key);
            StreamWorker w = workers.remove(key);
            if (w != null) {
                partitions.remove(key);
                w.close();
                streamsStopped.run();
            }
            return;
        }
        StreamWorker worker = workers.get(key);
        if (worker == null) {
            worker = new StreamWorker(key, plan, settings.decoderThreads(), settings.scaleAlgorithm(),
                    settings.eventTopic(), output,
                    new StreamMetrics(registry, key));
            workers.put(key, worker);
            partitions.put(key, new TopicPartition(r.topic(), r.partition()));
            LOG.infof("stream %s: decoding on this replica (partition %d), from the next keyframe", key, r.partition());
        }
        try {
            worker.plan(plan);
            worker.onPacket(packet);
        } catch (RuntimeException e) {
            // a stream that breaks in an unforeseen way restarts at its next keyframe; the others go on
            problems.warn(key.toString(), e, "stream %s: failed at %d µs; restarting it", key, packet.mediaTimeUs());
            workers.remove(key);
            partitions.remove(key);
            try {
                worker.close();
            } catch (RuntimeException closing) {
                LOG.debugf("stream %s: close after failure: %s", key, closing.getMessage());
            }
            streamsStopped.run();
        }
    }

    /** Closes the workers of streams whose instance went away (flushes motion windows). */
    private void dropUnplanned() {
        closeWorkers(w -> plans.plan(w.stream()) == null);
    }

    private void closeWorkers(java.util.function.Predicate<StreamWorker> which) {
        boolean closed = false;
        Iterator<StreamWorker> it = workers.values().iterator();
        while (it.hasNext()) {
            StreamWorker w = it.next();
            if (which.test(w)) {
                it.remove();
                partitions.remove(w.stream());
                try {
                    w.close();
                } catch (RuntimeException e) {
                    LOG.warnf("stream %s: close failed: %s", w.stream(), e.getMessage());
                }
                closed = true;
            }
        }
        if (closed) {
            streamsStopped.run();
        }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assignedPartitions) {
        assigned = true;
        if (!assignedPartitions.isEmpty()) {
            LOG.infof("%s: assigned %s", name, assignedPartitions);
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
        if (!revoked.isEmpty()) {
            LOG.infof("%s: revoked %s", name, revoked);
            closeWorkers(w -> revoked.contains(partitions.get(w.stream())));
        }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
        onPartitionsRevoked(lost);
    }

    /** Stops the loop: the consumer leaves the group (committing its position) and the workers are closed. */
    @Override
    public synchronized void close() {
        if (loop != null) {
            loop.close();
        }
    }
}
