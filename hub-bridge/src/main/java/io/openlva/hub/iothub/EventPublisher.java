package io.openlva.hub.iothub;

import io.openlva.graph.contract.KafkaClients;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.openlva.graph.contract.GraphEvent;

/**
 * {@code lva.events} to IoT Hub, at least once: an offset is committed only once IoT Hub acknowledged every
 * message of the records before it. While IoT Hub is unreachable the partitions are paused (events wait in
 * Kafka); a failed send seeks its partition back to the first unacknowledged record, so order per instance
 * (one key, one partition) holds. Records older than the time-to-live are skipped and counted.
 */
public class EventPublisher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EventPublisher.class);

    private final String bootstrapServers;
    private final String topic;
    private final String group;
    private final HubSender hub;
    private final EventRoutes routes;
    private final Duration ttl;
    private final int maxInFlight;
    private final Duration sendTimeout;
    private final Duration retryBackoff;
    private final Clock clock;
    private final Counter sent;
    private final Counter expired;
    private final Counter unrouted;
    private final Counter malformed;
    private final Counter retried;
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public EventPublisher(String bootstrapServers, String topic, String group, HubSender hub, EventRoutes routes,
            Duration ttl, int maxInFlight, Duration sendTimeout, Duration retryBackoff, MeterRegistry registry,
            Clock clock) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.group = group;
        this.hub = hub;
        this.routes = routes;
        this.ttl = ttl;
        this.maxInFlight = Math.max(1, maxInFlight);
        this.sendTimeout = sendTimeout;
        this.retryBackoff = retryBackoff;
        this.clock = clock;
        this.sent = registry.counter("openlva.hub.events.sent");
        this.expired = registry.counter("openlva.hub.events.expired");
        this.unrouted = registry.counter("openlva.hub.events.unrouted");
        this.malformed = registry.counter("openlva.hub.events.malformed");
        this.retried = registry.counter("openlva.hub.events.send.failures");
    }

    public void start() {
        thread = new Thread(this::run, "iothub-event-publisher");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        Properties c = new Properties();
        c.putAll(KafkaClients.config(bootstrapServers));
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxInFlight);
        while (running) {
            try (KafkaConsumer<String, byte[]> kc = new KafkaConsumer<>(c, new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                consumer = kc;
                kc.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                        // nothing pending: every batch is settled (committed or sought back) before the next poll
                    }

                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        LOG.infof("publishing events of %s to IoT Hub", partitions);
                    }
                });
                loop(kc);
            } catch (WakeupException e) {
                // closing
            } catch (RuntimeException e) {
                if (running) {
                    LOG.errorf(e, "event publisher failed, restarting");
                    sleep(retryBackoff);
                }
            }
        }
    }

    private void loop(KafkaConsumer<String, byte[]> kc) {
        while (running) {
            if (!hub.connected()) {
                // Events wait in Kafka; poll keeps the group membership alive without fetching.
                kc.pause(kc.assignment());
                kc.poll(Duration.ofMillis(300));
                continue;
            }
            if (!kc.paused().isEmpty()) {
                kc.resume(kc.paused());
            }
            ConsumerRecords<String, byte[]> records = kc.poll(Duration.ofMillis(500));
            if (!records.isEmpty()) {
                publish(kc, records);
            }
        }
    }

    private record Pending(ConsumerRecord<String, byte[]> record, List<CompletableFuture<Void>> acks) {
    }

    private void publish(KafkaConsumer<String, byte[]> kc, ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, List<Pending>> byPartition = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<Pending> pending = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> r : records.records(tp)) {
                pending.add(new Pending(r, send(r)));
            }
            byPartition.put(tp, pending);
        }
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        boolean failed = false;
        long deadline = System.nanoTime() + sendTimeout.toNanos();
        for (Map.Entry<TopicPartition, List<Pending>> e : byPartition.entrySet()) {
            Long next = null;
            Long firstFailed = null;
            for (Pending p : e.getValue()) {
                if (firstFailed == null && acknowledged(p.acks(), deadline)) {
                    next = p.record().offset() + 1;
                } else if (firstFailed == null) {
                    firstFailed = p.record().offset();
                }
            }
            if (next != null) {
                commits.put(e.getKey(), new OffsetAndMetadata(next));
            }
            if (firstFailed != null) {
                failed = true;
                kc.seek(e.getKey(), firstFailed);
            }
        }
        if (!commits.isEmpty()) {
            try {
                kc.commitSync(commits);
            } catch (RuntimeException ex) {
                // Not committed: those events go out again (at least once), nothing is lost.
                LOG.warnf("offsets not committed (%s); acknowledged events may be sent again", ex.getMessage());
            }
        }
        if (failed) {
            sleep(retryBackoff);
        }
    }

    private List<CompletableFuture<Void>> send(ConsumerRecord<String, byte[]> record) {
        GraphEvent event;
        try {
            event = GraphEvent.fromRecord(record);
        } catch (RuntimeException e) {
            malformed.increment();
            LOG.warnf("event %s-%d@%d is not a GraphEvent and is skipped: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return List.of();
        }
        List<String> outputs = routes.outputsOf(event);
        if (outputs.isEmpty()) {
            unrouted.increment();
            return List.of();
        }
        if (record.timestamp() > 0 && clock.millis() - record.timestamp() > ttl.toMillis()) {
            expired.increment();
            LOG.debugf("event %s of '%s' is older than %s and is skipped", event.id(), event.instance(), ttl);
            return List.of();
        }
        byte[] body = record.value() != null ? record.value() : "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<CompletableFuture<Void>> acks = new ArrayList<>(outputs.size());
        for (String output : outputs) {
            acks.add(hub.send(body, event.applicationProperties(), output).whenComplete((ok, error) -> {
                if (error == null) {
                    sent.increment();
                } else {
                    retried.increment();
                }
            }));
        }
        return acks;
    }

    private boolean acknowledged(List<CompletableFuture<Void>> acks, long deadlineNanos) {
        for (CompletableFuture<Void> ack : acks) {
            try {
                ack.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (Exception e) {
                return false;
            }
        }
        return true;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<String, byte[]> kc = consumer;
        if (kc != null) {
            kc.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
