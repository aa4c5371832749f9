package io.openlva.hub.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import io.openlva.graph.contract.InstanceStatus;
import io.openlva.graph.contract.KafkaClients;
import io.openlva.graph.model.OwningService;

/**
 * The services' reports on instances ({@code Topics.status()}, compacted): replayed from the beginning, then followed
 * for as long as hub-bridge runs, so a report written before anyone waits for it still counts. A state change waits
 * here until every service it needs has reported on the instance record hub-bridge wrote, or until its timeout.
 */
public class StatusReports implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StatusReports.class);
    private static final Duration POLL = Duration.ofMillis(500);

    /** How a wait ended: the reports received (their state may differ from the one waited for) and who never reported. */
    public record Outcome(List<InstanceStatus> reports, Set<OwningService> unreported) {
    }

    private final String bootstrapServers;
    private final String topic;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "status-report-timeouts");
        t.setDaemon(true);
        return t;
    });
    /** The latest report per key (instance/service); guarded by this. */
    private final Map<String, InstanceStatus> latest = new HashMap<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private volatile boolean closed;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public StatusReports(String bootstrapServers, String topic) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
    }

    public synchronized void start() {
        if (thread == null) {
            thread = new Thread(this::run, "status-reports");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /**
     * Completes once each of {@code services} has reported on {@code instance} with an instance version of at least
     * {@code minVersion} (the offset of the record it acts on), or after {@code timeout} naming those that did not.
     * Completes on a Kafka or timer thread: callers continue on their own executor.
     */
    public CompletableFuture<Outcome> await(String instance, Set<OwningService> services, long minVersion,
            Duration timeout) {
        Waiter w = new Waiter(instance, services, minVersion);
        boolean done;
        synchronized (this) {
            for (OwningService s : services) {
                InstanceStatus known = latest.get(InstanceStatus.key(instance, s));
                if (known != null) {
                    w.offer(known);
                }
            }
            done = w.pending.isEmpty();
            if (!done) {
                waiters.add(w);
            }
        }
        if (done) {
            w.finish();
        } else {
            timer.schedule(() -> expire(w), timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        return w.done;
    }

    private void expire(Waiter w) {
        synchronized (this) {
            if (!waiters.remove(w)) {
                return;
            }
        }
        w.finish();
    }

    private void received(InstanceStatus status) {
        List<Waiter> finished = new ArrayList<>();
        synchronized (this) {
            latest.put(status.key(), status);
            for (Waiter w : waiters) {
                if (w.offer(status) && w.pending.isEmpty()) {
                    finished.add(w);
                }
            }
            waiters.removeAll(finished);
        }
        finished.forEach(Waiter::finish);
    }

    /** One wait; its fields are touched under the StatusReports lock until it leaves {@code waiters}. */
    private static final class Waiter {
        private final String instance;
        private final Set<OwningService> pending;
        private final long minVersion;
        private final List<InstanceStatus> reports = new ArrayList<>();
        private final CompletableFuture<Outcome> done = new CompletableFuture<>();

        Waiter(String instance, Set<OwningService> services, long minVersion) {
            this.instance = instance;
            this.pending = services.isEmpty() ? EnumSet.noneOf(OwningService.class) : EnumSet.copyOf(services);
            this.minVersion = minVersion;
        }

        /** Takes a report on the awaited record (or a later one); true when it was awaited. */
        boolean offer(InstanceStatus s) {
            if (s.instance().equals(instance) && s.instanceVersion() >= minVersion && pending.remove(s.service())) {
                reports.add(s);
                return true;
            }
            return false;
        }

        void finish() {
            done.complete(new Outcome(List.copyOf(reports), Set.copyOf(pending)));
        }
    }

    // ---- following the topic

    private void run() {
        Properties p = new Properties();
        p.putAll(KafkaClients.config(bootstrapServers));
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "hub-status-reports-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        while (!closed) {
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                consumer = c;
                if (closed) {
                    return;
                }
                List<TopicPartition> partitions = partitions(c);
                c.assign(partitions);
                c.seekToBeginning(partitions);
                while (!closed) {
                    for (ConsumerRecord<String, byte[]> r : c.poll(POLL)) {
                        apply(r);
                    }
                }
            } catch (WakeupException e) {
                // closing
            } catch (RuntimeException e) {
                if (!closed) {
                    // the compacted topic is the truth: read it again from the beginning
                    LOG.warnf("status reports not readable (%s), reading %s again in 1 s", e.getMessage(), topic);
                    pause(1000);
                }
            } finally {
                consumer = null;
            }
        }
    }

    /** The topic's partitions, waiting (until closed) while it does not exist yet. */
    private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> c) {
        while (!closed) {
            List<PartitionInfo> infos = c.listTopics(Duration.ofSeconds(30)).get(topic);
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            }
            pause(1000);
        }
        return List.of();
    }

    private void apply(ConsumerRecord<String, byte[]> r) {
        if (r.key() == null || r.value() == null) {
            return;
        }
        try {
            received(InstanceStatus.fromJson(r.value()));
        } catch (RuntimeException e) {
            LOG.warnf("status report %s at %s-%d@%d is not readable and is skipped: %s", r.key(), r.topic(),
                    r.partition(), r.offset(), e.getClass().getSimpleName());
        }
    }

    private void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        timer.shutdownNow();
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
