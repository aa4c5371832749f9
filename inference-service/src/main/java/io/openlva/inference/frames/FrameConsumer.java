package io.openlva.inference.frames;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.MediaFrame;
import io.openlva.graph.contract.Topics;
import io.openlva.runtime.ConsumerLoop;
import io.openlva.runtime.KafkaFactory;
import io.openlva.runtime.ServiceHealth;

/**
 * One replica's frame consumer, on the runtime's {@link ConsumerLoop}: {@code media.frames} in the shared consumer
 * group (replicas split the partitions; a dead replica's partitions move to the others after the session timeout),
 * each frame run through its node, events handed to the publisher. Frames are processed as they are polled, a few
 * at a time, so nothing queues here: the model runs on a {@link FrameLane} while the loop polls and parses the next
 * frames. A lane that died (a bug) fails the loop, which takes liveness down.
 */
public final class FrameConsumer implements ConsumerLoop.Handler<String, byte[]>, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FrameConsumer.class);

    /**
     * Consumer settings.
     *
     * @param dataDroppedInterval least time between two DataDropped events of a node (log lines: one a minute)
     */
    public record Settings(String groupId, int maxPollRecords, Duration sessionTimeout, Duration latencyBudget,
            Duration dataDroppedInterval) {
    }

    /** At most one log line per node and minute about its dropped frames. */
    static final Duration DROP_LOG_INTERVAL = Duration.ofMinutes(1);

    private final Topics topics;
    private final Settings settings;
    private final KafkaFactory kafka;
    private final FrameProcessor processor;
    private final FrameLane lane;
    private final ConsumerLoop<String, byte[]> loop;

    public FrameConsumer(Topics topics, Settings settings, KafkaFactory kafka, ServiceHealth health, NodeDirectory nodes,
            InferenceMetrics metrics, Consumer<GraphEvent> publisher) {
        this.topics = topics;
        this.settings = settings;
        this.kafka = kafka;
        DropReports drops = new DropReports(metrics, publisher, settings.dataDroppedInterval(), DROP_LOG_INTERVAL,
                Clock.systemUTC(), (line, failure) -> LOG.warn(line, failure));
        this.processor = new FrameProcessor(nodes, nodes::downstream, publisher, metrics, settings.latencyBudget(), Clock.systemUTC(), drops);
        this.lane = new FrameLane(processor::process, "inference-model");
        this.loop = new ConsumerLoop<>("inference-frames", this::newConsumer, this, health);
    }

    public FrameConsumer start() {
        lane.start();
        loop.start();
        LOG.infof("consuming %s as group %s", topics.frames(), settings.groupId());
        return this;
    }

    private org.apache.kafka.clients.consumer.Consumer<String, byte[]> newConsumer() {
        return kafka.consumer("inference-" + ProcessHandle.current().pid(), settings.groupId(), new StringDeserializer(),
                new ByteArrayDeserializer(), Map.of(
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords(),
                        // Frames are large (a 640x640 raw frame is 1.2 MB): fetch several per round trip.
                        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024,
                        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) settings.sessionTimeout().toMillis(),
                        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
                        (int) Math.max(500, settings.sessionTimeout().toMillis() / 4),
                        // A new group reads the (1 min) frames topic from its start; stale frames fall to the latency
                        // budget cheaply.
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true,
                        ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, 1000,
                        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName()));
    }

    @Override
    public void subscribe(org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer) {
        consumer.subscribe(List.of(topics.frames()));
    }

    @Override
    public void handle(org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer,
            ConsumerRecords<String, byte[]> records) {
        for (ConsumerRecord<String, byte[]> r : records) {
            MediaFrame frame;
            try {
                frame = MediaFrame.fromRecord(r);
            } catch (RuntimeException e) {
                processor.malformed(r.key(), r.topic() + "-" + r.partition() + "@" + r.offset(), e);
                continue;
            }
            try {
                lane.submit(frame);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return; // closing: the loop sees the interrupt on its next poll
            }
        }
        processor.flush();
    }

    /** The loop and the model's lane both run. */
    public boolean running() {
        return loop.running() && lane.isAlive();
    }

    /** Stops consuming, then finishes the frame handed over last (so a clean stop loses none). */
    @Override
    public void close() {
        loop.close();
        lane.close();
    }
}
