package io.openlva.recorder.stream;

import io.openlva.graph.contract.KafkaClients;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.Inferences;
import io.openlva.graph.contract.MediaPacket;
import io.openlva.graph.contract.Topics;
import io.openlva.recorder.gate.LateEventPolicy;
import io.openlva.recorder.preroll.PrerollReader;
import io.openlva.recorder.sink.NameExpander;
import io.openlva.recorder.sink.RecorderMetrics;
import io.openlva.recorder.sink.RecordingEvents;
import io.openlva.recorder.sink.SinkRecording;

/**
 * The recorder's Kafka edge. A packet thread reads {@code media.packets} in consumer group {@code recorder}
 * (partitions shared among replicas) and drives one {@link StreamRecorder} per source stream that has a sink;
 * an event thread reads {@code events} (all partitions, no group: every replica sees the events for the
 * streams it owns) and queues gate events to those recorders. Operational events go back to {@code events}.
 */
public final class RecorderEngine implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RecorderEngine.class);

    /**
     * @param packetsOffsetReset where a new consumer group starts in the packets topic (latest / earliest)
     * @param eventsLookback on start, the event reader goes back this far (events for packets still to be read)
     * @param prerollMargin first seek of a pre-roll read: this much before the clip start (doubled until a keyframe)
     * @param idleClose close a stream's clips when no packet came for this long (camera gone)
     * @param lvaTopic LVA's applicationProperties.topic on the events this service emits
     * @param sessionTimeout how soon the group gives a dead replica's streams to another (or to its restart)
     * @param lateEvents what gates do with events later than their evaluation window
     */
    public record Options(String bootstrapServers, Topics topics, String group, String packetsOffsetReset,
            Duration eventsLookback, Duration prerollMargin, Duration idleClose, String lvaTopic, Duration sessionTimeout,
            LateEventPolicy lateEvents) {

        public Options(String bootstrapServers, Topics topics, String group, String packetsOffsetReset,
                Duration eventsLookback, Duration prerollMargin, Duration idleClose, String lvaTopic) {
            this(bootstrapServers, topics, group, packetsOffsetReset, eventsLookback, prerollMargin, idleClose, lvaTopic,
                    Duration.ofSeconds(10));
        }

        public Options(String bootstrapServers, Topics topics, String group, String packetsOffsetReset,
                Duration eventsLookback, Duration prerollMargin, Duration idleClose, String lvaTopic, Duration sessionTimeout) {
            this(bootstrapServers, topics, group, packetsOffsetReset, eventsLookback, prerollMargin, idleClose, lvaTopic,
                    sessionTimeout, LateEventPolicy.DEFAULT);
        }

        /** The same options with another late-event policy. */
        public Options withLateEvents(LateEventPolicy policy) {
            return new Options(bootstrapServers, topics, group, packetsOffsetReset, eventsLookback, prerollMargin,
                    idleClose, lvaTopic, sessionTimeout, policy);
        }
    }

    private record Route(StreamRecorder recorder, String gateNode, Set<String> inputs) {
    }

    private final Options options;
    private final RecorderMetrics metrics;
    private final NameExpander names;
    private final RecordingEvents events;
    private final KafkaProducer<String, byte[]> producer;
    private final List<Consumer<ClipSummary>> clipListeners = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final AtomicLong eventsRouted = new AtomicLong();
    private final AtomicLong packetsRead = new AtomicLong();
    private volatile Map<String, List<Route>> routes = Map.of();
    private volatile Set<TopicPartition> assigned = Set.of();
    private volatile boolean running;
    private volatile Throwable packetFailure;
    private volatile Throwable eventFailure;
    private Thread packetThread;
    private Thread eventThread;
    private KafkaConsumer<String, byte[]> packetConsumer;
    private KafkaConsumer<String, byte[]> eventConsumer;

    /** Packet-thread state. */
    private final Map<String, StreamRecorder> recorders = new HashMap<>();

    public RecorderEngine(Options options, RecorderMetrics metrics, NameExpander names) {
        this.options = options;
        this.metrics = metrics;
        this.names = names;
        Properties p = new Properties();
        p.putAll(KafkaClients.config(options.bootstrapServers()));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "recorder-events-" + ProcessHandle.current().pid());
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        this.events = e -> producer.send(e.toRecord(options.topics().events()), (md, ex) -> {
            if (ex != null) {
                LOG.warnf("cannot publish %s for %s: %s", e.eventType(), e.subject(), ex.getMessage());
            }
        });
    }

    public void onClip(Consumer<ClipSummary> listener) {
        clipListeners.add(listener);
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        packetThread = new Thread(this::packetLoop, "recorder-packets");
        eventThread = new Thread(this::eventLoop, "recorder-events");
        packetThread.start();
        eventThread.start();
    }

    /** Replaces what is recorded: streams no longer planned (instance deactivating, deleted) close their clips. */
    public CompletableFuture<Void> apply(Collection<StreamPlan> plans) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        List<StreamPlan> copy = List.copyOf(plans);
        commands.add(() -> {
            try {
                applyNow(copy);
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        if (!running) {
            runCommands();
        }
        return done;
    }

    public boolean healthy() {
        return running && packetFailure == null && eventFailure == null && packetThread != null && packetThread.isAlive()
                && eventThread != null && eventThread.isAlive();
    }

    public String problem() {
        if (packetFailure != null) {
            return "packet reader failed: " + packetFailure;
        }
        if (eventFailure != null) {
            return "event reader failed: " + eventFailure;
        }
        return running ? null : "not running";
    }

    /** Partitions of the packets topic this replica owns now. */
    public Set<TopicPartition> assignedPartitions() {
        return assigned;
    }

    /** Gate events handed to a stream so far. */
    public long eventsRouted() {
        return eventsRouted.get();
    }

    public int openGates() {
        return metrics.openGates();
    }

    public long packetsRead() {
        return packetsRead.get();
    }

    @Override
    public void close() {
        running = false;
        if (packetConsumer != null) {
            packetConsumer.wakeup();
        }
        if (eventConsumer != null) {
            eventConsumer.wakeup();
        }
        join(packetThread);
        join(eventThread);
        producer.close(Duration.ofSeconds(5));
    }

    private static void join(Thread t) {
        if (t != null) {
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---- packet thread

    private PrerollReader preroll;

    private void packetLoop() {
        Properties p = new Properties();
        p.putAll(KafkaClients.config(options.bootstrapServers()));
        p.put(ConsumerConfig.GROUP_ID_CONFIG, options.group());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, options.packetsOffsetReset());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "true");
        p.put(ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, "1000");
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(options.sessionTimeout().toMillis()));
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Long.toString(Math.max(500, options.sessionTimeout().toMillis() / 3)));
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 * 1024 * 1024));
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "recorder-packets-" + ProcessHandle.current().pid());
        SinkRecording.Context ctx = new SinkRecording.Context(options.lvaTopic(), events, metrics, names);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer()); PrerollReader reader = new PrerollReader(options.bootstrapServers(),
                        options.prerollMargin())) {
            packetConsumer = consumer;
            preroll = reader;
            this.ctx = ctx;
            consumer.subscribe(List.of(options.topics().packets()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    for (StreamRecorder r : recorders.values()) {
                        if (r.partition() != null && partitions.contains(r.partition())) {
                            isolated(r, () -> r.release(preroll));
                        }
                    }
                    Set<TopicPartition> now = new HashSet<>(assigned);
                    now.removeAll(partitions);
                    assigned = Set.copyOf(now);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    Set<TopicPartition> now = new HashSet<>(assigned);
                    now.addAll(partitions);
                    assigned = Set.copyOf(now);
                    LOG.infof("packets partitions now %s", assigned);
                }
            });
            long lastTick = System.nanoTime();
            while (running) {
                runCommands();
                ConsumerRecords<String, byte[]> records;
                try {
                    records = consumer.poll(Duration.ofMillis(200));
                } catch (WakeupException e) {
                    break;
                }
                for (ConsumerRecord<String, byte[]> r : records) {
                    packetsRead.incrementAndGet();
                    StreamRecorder rec = r.key() == null ? null : recorders.get(r.key());
                    if (rec == null) {
                        continue;
                    }
                    MediaPacket packet;
                    try {
                        packet = MediaPacket.fromRecord(r);
                    } catch (RuntimeException bad) {
                        LOG.warnf("unreadable packet at %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), bad.getMessage());
                        continue;
                    }
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    isolated(rec, () -> rec.onPacket(tp, r.offset(), packet, reader));
                }
                if (System.nanoTime() - lastTick > 500_000_000L) {
                    lastTick = System.nanoTime();
                    long idle = options.idleClose().toNanos();
                    recorders.values().forEach(r -> isolated(r, () -> r.tick(idle, reader)));
                }
            }
        } catch (RuntimeException | Error e) {
            packetFailure = e;
            LOG.error("packet reader stopped", e);
        } finally {
            runCommands();
            for (StreamRecorder r : recorders.values()) {
                try {
                    r.closeAll(preroll);
                } catch (RuntimeException e) {
                    LOG.warnf("closing %s: %s", r.plan().source(), e.getMessage());
                }
            }
            recorders.clear();
            routes = Map.of();
            producer.flush();
        }
    }

    private SinkRecording.Context ctx;
    private final Map<String, Long> lastFailureLog = new HashMap<>();

    /**
     * Runs one stream's work so that its failure stays its own: the stream's recordings are closed and start
     * afresh, every other stream goes on (one packet thread serves them all).
     */
    private void isolated(StreamRecorder rec, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            metrics.failure("stream");
            if (shouldLog(rec.plan().source().toString())) {
                LOG.errorf(e, "%s: recording failed; restarting its recordings, other streams go on", rec.plan().source());
            }
            try {
                rec.restart(preroll);
            } catch (RuntimeException again) {
                LOG.warnf("%s: restarting after a failure failed too: %s", rec.plan().source(), again.toString());
            }
        }
    }

    /** At most one log line per key and minute: a failure that repeats must not flood the log. */
    private boolean shouldLog(String key) {
        long now = System.nanoTime();
        synchronized (lastFailureLog) {
            Long last = lastFailureLog.get(key);
            if (last != null && now - last < 60_000_000_000L) {
                return false;
            }
            lastFailureLog.put(key, now);
            return true;
        }
    }

    private void runCommands() {
        Runnable c;
        while ((c = commands.poll()) != null) {
            c.run();
        }
    }

    private void applyNow(List<StreamPlan> plans) {
        SinkRecording.Context context = ctx != null ? ctx : new SinkRecording.Context(options.lvaTopic(), events, metrics, names);
        Map<String, StreamPlan> wanted = new HashMap<>();
        plans.forEach(pl -> wanted.put(pl.source().toString(), pl));
        for (var it = recorders.entrySet().iterator(); it.hasNext();) {
            var e = it.next();
            StreamPlan w = wanted.get(e.getKey());
            if (w == null || !w.equals(e.getValue().plan())) {
                LOG.infof("%s: no longer recorded as before, closing its recordings", e.getKey());
                try {
                    e.getValue().closeAll(preroll);
                } catch (RuntimeException failed) {
                    metrics.failure("stream");
                    LOG.warnf("closing %s: %s", e.getKey(), failed.toString());
                }
                it.remove();
            }
        }
        wanted.forEach((key, pl) -> recorders.computeIfAbsent(key, k -> {
            LOG.infof("%s: recording with %d gate(s), %d continuous sink(s)", k, pl.gates().size(), pl.continuous().size());
            return new StreamRecorder(pl, context, options.lateEvents(), this::clipClosed);
        }));
        Map<String, List<Route>> r = new HashMap<>();
        for (StreamRecorder rec : recorders.values()) {
            for (GatePlan g : rec.plan().gates()) {
                r.computeIfAbsent(g.instance(), i -> new ArrayList<>()).add(new Route(rec, g.gateNode(), g.eventInputs()));
            }
        }
        routes = Map.copyOf(r);
    }

    private void clipClosed(ClipSummary s) {
        for (Consumer<ClipSummary> l : clipListeners) {
            try {
                l.accept(s);
            } catch (RuntimeException e) {
                LOG.warnf("clip listener failed: %s", e.getMessage());
            }
        }
    }

    // ---- event thread

    private void eventLoop() {
        Properties p = new Properties();
        p.putAll(KafkaClients.config(options.bootstrapServers()));
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "recorder-gate-events-" + ProcessHandle.current().pid());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            eventConsumer = consumer;
            List<TopicPartition> parts = new ArrayList<>();
            while (running && parts.isEmpty()) {
                List<PartitionInfo> infos;
                try {
                    infos = consumer.partitionsFor(options.topics().events(), Duration.ofSeconds(10));
                } catch (WakeupException e) {
                    return;
                } catch (RuntimeException notYet) {
                    infos = List.of();
                }
                if (infos != null) {
                    infos.forEach(i -> parts.add(new TopicPartition(i.topic(), i.partition())));
                }
            }
            consumer.assign(parts);
            long since = Instant.now().minus(options.eventsLookback()).toEpochMilli();
            Map<TopicPartition, Long> query = new HashMap<>();
            parts.forEach(tp -> query.put(tp, since));
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
            for (TopicPartition tp : parts) {
                OffsetAndTimestamp ot = found.get(tp);
                if (ot != null) {
                    consumer.seek(tp, ot.offset());
                } else {
                    consumer.seekToEnd(List.of(tp));
                }
            }
            while (running) {
                ConsumerRecords<String, byte[]> records;
                try {
                    records = consumer.poll(Duration.ofMillis(200));
                } catch (WakeupException e) {
                    break;
                }
                for (ConsumerRecord<String, byte[]> r : records) {
                    try {
                        route(r);
                    } catch (RuntimeException e) {
                        // one broken event must not stop the gate events of every graph
                        metrics.failure("event");
                        if (shouldLog("event")) {
                            LOG.warnf(e, "gate event at %s-%d@%d could not be routed; skipped", r.topic(), r.partition(),
                                    r.offset());
                        }
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            eventFailure = e;
            LOG.error("event reader stopped", e);
        }
    }

    private void route(ConsumerRecord<String, byte[]> r) {
        GraphEvent e;
        try {
            e = GraphEvent.fromRecord(r);
        } catch (RuntimeException bad) {
            metrics.failure("event");
            LOG.debugf("unreadable event at %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), bad.getMessage());
            return;
        }
        if (!EventTypes.isAnalytics(e.eventType())) {
            return;
        }
        List<Route> rs = routes.get(e.instance());
        if (rs == null) {
            return;
        }
        String node = e.node();
        for (Route route : rs) {
            if (node != null && route.inputs().contains(node)) {
                route.recorder().offerEvent(route.gateNode(), mediaTimeUs(e), arrivalMs(e));
                eventsRouted.incrementAndGet();
            }
        }
    }

    /** Wall-clock time the event was emitted, or {@link Long#MIN_VALUE} when it has none usable. */
    static long arrivalMs(GraphEvent e) {
        Instant t = e.eventTime();
        if (t.equals(Instant.EPOCH) || t.isBefore(Instant.EPOCH) || t.getEpochSecond() > 32_503_680_000L) {
            // missing, or past the year 3000: no lateness can be judged from it
            return Long.MIN_VALUE;
        }
        return t.toEpochMilli();
    }

    /** Media time of a gate event: the header, else the body's 90 kHz {@code timestamp}, else -1 ("now"). */
    static long mediaTimeUs(GraphEvent e) {
        if (e.mediaTimeUs() >= 0) {
            return e.mediaTimeUs();
        }
        var ts = e.body().get("timestamp");
        if (ts != null && ts.canConvertToLong() && ts.asLong() >= 0 && ts.asLong() <= Long.MAX_VALUE / 100) {
            return Inferences.mediaTimeUs(ts.asLong());
        }
        return -1;
    }
}
