package io.openlva.sampler.kafka;

import io.openlva.graph.contract.KafkaClients;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.openlva.graph.contract.MediaPacket;
import io.openlva.graph.contract.StreamKey;
import io.openlva.sampler.flow.FlowOutput;
import io.openlva.sampler.flow.StreamPlan;
import io.openlva.sampler.graph.PlanRegistry;
import io.openlva.sampler.image.ScaleAlgorithm;
import io.openlva.sampler.stream.StreamMetrics;
import io.openlva.sampler.stream.StreamWorker;
import io.openlva.sampler.stream.ThrottledLog;

/**
 * One member of the sampler's consumer group on media.packets, in its own thread. Kafka's partition
 * assignment decides which replica decodes a stream; when a partition leaves, its streams' workers are
 * closed, and a worker created after an assignment starts at the next keyframe.
 */
public final class PacketConsumer implements Runnable, ConsumerRebalanceListener, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PacketConsumer.class);

    /** Settings of one consumer. */
    public record Settings(String bootstrapServers, String topic, String group, String startOffset,
            int decoderThreads, ScaleAlgorithm scaleAlgorithm, String eventTopic) {
    }

    private final Settings settings;
    private final PlanRegistry plans;
    private final FlowOutput output;
    private final MeterRegistry registry;
    private final Counter malformed;
    private final Counter unplanned;
    private final Map<StreamKey, StreamWorker> workers = new HashMap<>();
    private final Map<StreamKey, TopicPartition> partitions = new HashMap<>();
    private final ThrottledLog problems = new ThrottledLog(LOG);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean failed;
    private volatile boolean assigned;
    private KafkaConsumer<String, byte[]> consumer;

    public PacketConsumer(String name, Settings settings, PlanRegistry plans, FlowOutput output,
            MeterRegistry registry) {
        this.settings = settings;
        this.plans = plans;
        this.output = output;
        this.registry = registry;
        this.malformed = Counter.builder("openlva.sampler.packets.malformed")
                .description("Records of media.packets that are not MediaPackets").register(registry);
        this.unplanned = Counter.builder("openlva.sampler.packets.unplanned")
                .description("Packets of streams no active instance samples").register(registry);
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Alive: the thread runs or was stopped on purpose. */
    public boolean healthy() {
        return !failed && (thread.isAlive() || !running);
    }

    /** Whether the group gave this consumer its partitions at least once. */
    public boolean assigned() {
        return assigned;
    }

    @Override
    public void run() {
        Properties p = new Properties();
        p.putAll(KafkaClients.config(settings.bootstrapServers()));
        p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.group());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, thread.getName());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, settings.startOffset());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "true");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "50");
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p)) {
            consumer = c;
            c.subscribe(List.of(settings.topic()), this);
            while (running) {
                ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(200));
                for (ConsumerRecord<String, byte[]> r : records) {
                    handle(r);
                }
                dropUnplanned();
            }
        } catch (WakeupException e) {
            if (running) {
                failed = true;
                LOG.error("packet consumer woken up unexpectedly", e);
            }
        } catch (RuntimeException | Error e) {
            failed = true;
            LOG.error("packet consumer stopped", e);
        } finally {
            closeWorkers(w -> true);
        }
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
                w.close();
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
        }
    }

    /** Closes the workers of streams whose instance went away (flushes motion windows). */
    private void dropUnplanned() {
        closeWorkers(w -> plans.plan(w.stream()) == null);
    }

    private void closeWorkers(java.util.function.Predicate<StreamWorker> which) {
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
            }
        }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assignedPartitions) {
        assigned = true;
        if (!assignedPartitions.isEmpty()) {
            LOG.infof("%s: assigned %s", thread.getName(), assignedPartitions);
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
        if (!revoked.isEmpty()) {
            LOG.infof("%s: revoked %s", thread.getName(), revoked);
            closeWorkers(w -> revoked.contains(partitions.get(w.stream())));
        }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
        onPartitionsRevoked(lost);
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
