package io.openlva.inference.frames;

import io.openlva.graph.contract.KafkaClients;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.MediaFrame;
import io.openlva.graph.contract.Topics;
import io.openlva.graph.follow.GraphFollower;

/**
 * One replica's frame loop: follows the graph topics for the active extension nodes, consumes {@code media.frames}
 * in the shared consumer group (replicas split the partitions; a dead replica's partitions move to the others
 * after the session timeout), runs each frame through its node and publishes events to {@code events}.
 * Frames are processed as they are polled, a few at a time, so nothing queues here: the model runs on a
 * {@link FrameLane} while this thread polls and parses the next frames.
 */
public final class InferenceWorker implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(InferenceWorker.class);

    /**
     * Consumer settings.
     *
     * @param dataDroppedInterval least time between two DataDropped events of a node (log lines: one a minute)
     */
    public record Settings(String groupId, int maxPollRecords, Duration sessionTimeout, Duration latencyBudget,
            Duration graphCatchUpTimeout, Duration dataDroppedInterval) {
    }

    /** At most one log line per node and minute about its dropped frames. */
    static final Duration DROP_LOG_INTERVAL = Duration.ofMinutes(1);

    private final String bootstrapServers;
    private final Topics topics;
    private final Settings settings;
    private final NodeDirectory nodes;
    private final InferenceMetrics metrics;
    private final AtomicBoolean running = new AtomicBoolean();
    private GraphFollower follower;
    private KafkaProducer<String, byte[]> producer;
    private KafkaConsumer<String, byte[]> consumer;
    private Thread thread;
    private FrameLane lane;

    public InferenceWorker(String bootstrapServers, Topics topics, Settings settings, NodeDirectory nodes,
            InferenceMetrics metrics) {
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
        this.settings = settings;
        this.nodes = nodes;
        this.metrics = metrics;
    }

    public synchronized void start() {
        if (running.getAndSet(true)) {
            return;
        }
        follower = new GraphFollower(bootstrapServers, topics, nodes);
        follower.start();
        boolean caughtUp;
        try {
            caughtUp = follower.awaitCaughtUp(settings.graphCatchUpTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            caughtUp = false;
        }
        if (!caughtUp) {
            LOG.warnf("graph topics not read within %s; frames of unknown nodes are dropped until they are",
                    settings.graphCatchUpTimeout());
        }
        producer = new KafkaProducer<>(producerProps(), new StringSerializer(), new ByteArraySerializer());
        consumer = new KafkaConsumer<>(consumerProps(), new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topics.frames()));
        DropReports drops = new DropReports(metrics, this::publish, settings.dataDroppedInterval(), DROP_LOG_INTERVAL,
                Clock.systemUTC(), (line, failure) -> LOG.warn(line, failure));
        FrameProcessor processor = new FrameProcessor(nodes, this::publish, metrics, settings.latencyBudget(),
                Clock.systemUTC(), drops);
        lane = new FrameLane(processor::process, "inference-model");
        lane.start();
        thread = new Thread(() -> loop(processor), "inference-frames");
        thread.setDaemon(true);
        thread.start();
        LOG.infof("consuming %s as group %s", topics.frames(), settings.groupId());
    }

    private void loop(FrameProcessor processor) {
        try {
            while (running.get()) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, byte[]> r : records) {
                    MediaFrame frame;
                    try {
                        frame = MediaFrame.fromRecord(r);
                    } catch (RuntimeException e) {
                        processor.malformed(r.key(), r.topic() + "-" + r.partition() + "@" + r.offset(), e);
                        continue;
                    }
                    lane.submit(frame);
                }
                processor.flush();
            }
        } catch (WakeupException e) {
            // closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            // readiness goes down (isRunning false): the orchestrator replaces this replica
            LOG.error("frame loop failed", e);
        } finally {
            // the frame handed over last is finished before the consumer commits its position on close
            lane.close();
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debug("consumer close", e);
            }
        }
    }

    private void publish(GraphEvent event) {
        producer.send(event.toRecord(topics.events()), (md, e) -> {
            if (e != null) {
                LOG.warnf("cannot publish an inference event for %s: %s", event.subject(), e.getMessage());
            }
        });
    }

    private Properties consumerProps() {
        Properties p = new Properties();
        p.putAll(KafkaClients.config(bootstrapServers));
        p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        // Frames are large (a 640x640 raw frame is 1.2 MB): fetch several per round trip.
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) settings.sessionTimeout().toMillis());
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(500, settings.sessionTimeout().toMillis() / 4));
        // A new group reads the (1 min) frames topic from its start; stale frames fall to the latency budget cheaply.
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true);
        p.put(ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, 1000);
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "inference-" + ProcessHandle.current().pid());
        return p;
    }

    private Properties producerProps() {
        Properties p = new Properties();
        p.putAll(KafkaClients.config(bootstrapServers));
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "inference-events-" + ProcessHandle.current().pid());
        return p;
    }

    public boolean isRunning() {
        return running.get() && thread != null && thread.isAlive() && lane.isAlive();
    }

    @Override
    public synchronized void close() {
        if (!running.getAndSet(false)) {
            return;
        }
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (follower != null) {
            follower.close();
        }
    }
}
