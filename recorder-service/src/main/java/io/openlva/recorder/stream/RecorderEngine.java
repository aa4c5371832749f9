package io.openlva.recorder.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
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
import io.openlva.recorder.sink.StoragePolicy;
import io.openlva.runtime.Backoff;
import io.openlva.runtime.ConsumerLoop;
import io.openlva.runtime.KafkaFactory;
import io.openlva.runtime.ServiceHealth;

/**
 * The recorder's Kafka edge. A packet thread reads {@code media.packets} in consumer group {@code recorder}
 * (partitions shared among replicas) and drives one {@link StreamRecorder} per source stream that has a sink;
 * an event thread reads {@code events} (all partitions, no group: every replica sees the events for the
 * streams it owns) and queues gate events to those recorders. Operational events go back to {@code events}.
 * Both readers are {@link ConsumerLoop}s: a Kafka outage gives them a new consumer after a backoff (the streams
 * start again from the group's offsets), anything else takes liveness down. A failing stream is restarted on its
 * own and a broken event skipped, both counted in {@code openlva_recorder_failures_total}.
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
    public record Options(Topics topics, String group, String packetsOffsetReset, Duration eventsLookback,
            Duration prerollMargin, Duration idleClose, String lvaTopic, Duration sessionTimeout,
            LateEventPolicy lateEvents, StoragePolicy storage) {

        public Options(Topics topics, String group, String packetsOffsetReset, Duration eventsLookback,
                Duration prerollMargin, Duration idleClose, String lvaTopic, Duration sessionTimeout,
                LateEventPolicy lateEvents) {
            this(topics, group, packetsOffsetReset, eventsLookback, prerollMargin, idleClose, lvaTopic, sessionTimeout,
                    lateEvents, StoragePolicy.DEFAULT);
        }

        public Options(Topics topics, String group, String packetsOffsetReset, Duration eventsLookback,
                Duration prerollMargin, Duration idleClose, String lvaTopic) {
            this(topics, group, packetsOffsetReset, eventsLookback, prerollMargin, idleClose, lvaTopic,
                    Duration.ofSeconds(10));
        }

        public Options(Topics topics, String group, String packetsOffsetReset, Duration eventsLookback,
                Duration prerollMargin, Duration idleClose, String lvaTopic, Duration sessionTimeout) {
            this(topics, group, packetsOffsetReset, eventsLookback, prerollMargin, idleClose, lvaTopic, sessionTimeout,
                    LateEventPolicy.DEFAULT);
        }

        /** The same options with another late-event policy. */
        public Options withLateEvents(LateEventPolicy policy) {
            return new Options(topics, group, packetsOffsetReset, eventsLookback, prerollMargin, idleClose, lvaTopic,
                    sessionTimeout, policy, storage);
        }

        /** The same options with another storage policy. */
        public Options withStorage(StoragePolicy policy) {
            return new Options(topics, group, packetsOffsetReset, eventsLookback, prerollMargin, idleClose, lvaTopic,
                    sessionTimeout, lateEvents, policy);
        }
    }

    /** Polls of both readers: short, so plan changes and idle closes are not held up. */
    private static final Duration POLL = Duration.ofMillis(200);

    private record Route(StreamRecorder recorder, String gateNode, Set<String> inputs) {
    }

    private final Options options;
    private final KafkaFactory kafka;
    private final ServiceHealth health;
    private final RecorderMetrics metrics;
    private final NameExpander names;
    private final RecordingEvents events;
    private final KafkaProducer<String, byte[]> producer;
    private final List<java.util.function.Consumer<ClipSummary>> clipListeners = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final AtomicLong eventsRouted = new AtomicLong();
    private final AtomicLong packetsRead = new AtomicLong();
    private volatile Map<String, List<Route>> routes = Map.of();
    private volatile Set<TopicPartition> assigned = Set.of();
    private volatile boolean running;
    private volatile boolean joined;
    private ConsumerLoop<String, byte[]> packetLoop;
    private ConsumerLoop<String, byte[]> eventLoop;

    /** Packet-thread state. */
    private final Map<String, StreamRecorder> recorders = new HashMap<>();
    /** The plans last applied: a new packet consumer (after a Kafka outage) starts them again. */
    private List<StreamPlan> plans = List.of();

    public RecorderEngine(Options options, KafkaFactory kafka, ServiceHealth health, RecorderMetrics metrics,
            NameExpander names) {
        this.options = options;
        this.kafka = kafka;
        this.health = health;
        this.metrics = metrics;
        this.names = names;
        this.producer = kafka.producer("recorder-events-" + ProcessHandle.current().pid(), new StringSerializer(),
                new ByteArraySerializer(), Map.of(ProducerConfig.LINGER_MS_CONFIG, "5"));
        this.events = e -> producer.send(e.toRecord(options.topics().events()), (md, ex) -> {
            if (ex != null) {
                LOG.warnf("cannot publish %s for %s: %s", e.eventType(), e.subject(), ex.getMessage());
            }
        });
    }

    public void onClip(java.util.function.Consumer<ClipSummary> listener) {
        clipListeners.add(listener);
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        packetLoop = new ConsumerLoop<>("recorder-packets", this::packetConsumer, new PacketReader(), health, POLL).start();
        eventLoop = new ConsumerLoop<>("recorder-events", this::eventConsumer, new EventReader(), health, POLL).start();
    }

    /** Replaces what is recorded: streams no longer planned (instance deactivating, deleted) close their clips. */
    public CompletableFuture<Void> apply(Collection<StreamPlan> plans) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        List<StreamPlan> copy = List.copyOf(plans);
        synchronized (this) {
            commands.add(() -> {
                try {
                    applyNow(copy);
                    done.complete(null);
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                }
            });
            if (!running) {
                runCommands(); // no packet thread yet (or any more): apply here
            }
        }
        return done;
    }

    /** Both readers run (neither failed beyond recovery). */
    public boolean healthy() {
        return running && packetLoop.running() && eventLoop.running() && !packetLoop.failed() && !eventLoop.failed();
    }

    /** Why the readers do not run, or null. */
    public String problem() {
        if (!running) {
            return "not running";
        }
        return health.failures().isEmpty() ? null : health.failures().toString();
    }

    /** The packet consumer has been given its partitions by the group at least once. */
    public boolean joined() {
        return joined;
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
        ConsumerLoop<String, byte[]> packets;
        ConsumerLoop<String, byte[]> gateEvents;
        synchronized (this) {
            packets = packetLoop;
            gateEvents = eventLoop;
        }
        if (packets != null) {
            packets.close(); // its thread closes every clip
        }
        if (gateEvents != null) {
            gateEvents.close();
        }
        synchronized (this) {
            // only now: a plan change meanwhile must not run beside the packet thread's clean-up
            running = false;
            runCommands();
        }
        producer.close(Duration.ofSeconds(5));
    }

    // ---- packet thread

    private PrerollReader preroll;

    private Consumer<String, byte[]> packetConsumer() {
        long session = options.sessionTimeout().toMillis();
        return kafka.consumer("recorder-packets-" + ProcessHandle.current().pid(), options.group(),
                new StringDeserializer(), new ByteArrayDeserializer(), Map.of(
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, options.packetsOffsetReset(),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "true",
                        ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, "1000",
                        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(session),
                        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Long.toString(Math.max(500, session / 3)),
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000",
                        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 * 1024 * 1024)));
    }

    /** The packet thread: one consumer in the group drives every stream recorder of this replica. */
    private final class PacketReader implements ConsumerLoop.Handler<String, byte[]> {

        private long lastTick = System.nanoTime();

        @Override
        public void subscribe(Consumer<String, byte[]> consumer) {
            preroll = new PrerollReader(kafka, options.prerollMargin());
            ctx = new SinkRecording.Context(options.lvaTopic(), events, metrics, names, options.storage());
            applyNow(plans); // after a new consumer: the streams start again
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
                    joined = true;
                    LOG.infof("packets partitions now %s", assigned);
                }
            });
        }

        @Override
        public void handle(Consumer<String, byte[]> consumer, ConsumerRecords<String, byte[]> records) {
            runCommands();
            PrerollReader reader = preroll;
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

        /** The consumer is gone (close, or a Kafka outage): every clip is closed cleanly. */
        @Override
        public void stopped() {
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
            assigned = Set.of();
            if (preroll != null) {
                preroll.close();
                preroll = null;
            }
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

    private void applyNow(List<StreamPlan> next) {
        plans = next;
        SinkRecording.Context context = ctx != null ? ctx : new SinkRecording.Context(options.lvaTopic(), events, metrics, names, options.storage());
        Map<String, StreamPlan> wanted = new HashMap<>();
        next.forEach(pl -> wanted.put(pl.source().toString(), pl));
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
        for (java.util.function.Consumer<ClipSummary> l : clipListeners) {
            try {
                l.accept(s);
            } catch (RuntimeException e) {
                LOG.warnf("clip listener failed: %s", e.getMessage());
            }
        }
    }

    // ---- event thread

    private Consumer<String, byte[]> eventConsumer() {
        return kafka.consumer("recorder-gate-events-" + ProcessHandle.current().pid(), null, new StringDeserializer(),
                new ByteArrayDeserializer(), Map.of());
    }

    /**
     * The event thread: every partition of {@code events}, no group. It starts {@code eventsLookback} back in time;
     * a new consumer after a Kafka outage goes on from the last event it handled.
     */
    private final class EventReader implements ConsumerLoop.Handler<String, byte[]> {

        private final Map<TopicPartition, Long> next = new HashMap<>();

        @Override
        public void subscribe(Consumer<String, byte[]> consumer) {
            List<TopicPartition> parts = new ArrayList<>();
            Backoff untilCreated = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), Backoff.JITTER);
            while (parts.isEmpty()) {
                List<PartitionInfo> infos;
                try {
                    infos = consumer.partitionsFor(options.topics().events(), Duration.ofSeconds(10));
                } catch (WakeupException | InterruptException closing) {
                    throw closing;
                } catch (RuntimeException notYet) {
                    infos = List.of();
                }
                if (infos != null) {
                    infos.forEach(i -> parts.add(new TopicPartition(i.topic(), i.partition())));
                }
                if (parts.isEmpty() && !Backoff.pause(untilCreated.next())) {
                    throw new WakeupException(); // interrupted: the loop is closing
                }
            }
            consumer.assign(parts);
            long since = Instant.now().minus(options.eventsLookback()).toEpochMilli();
            Map<TopicPartition, Long> query = new HashMap<>();
            parts.stream().filter(tp -> !next.containsKey(tp)).forEach(tp -> query.put(tp, since));
            Map<TopicPartition, OffsetAndTimestamp> found = query.isEmpty() ? Map.of() : consumer.offsetsForTimes(query);
            for (TopicPartition tp : parts) {
                Long resume = next.get(tp);
                OffsetAndTimestamp ot = found.get(tp);
                if (resume != null) {
                    consumer.seek(tp, resume);
                } else if (ot != null) {
                    consumer.seek(tp, ot.offset());
                } else {
                    consumer.seekToEnd(List.of(tp));
                }
            }
        }

        @Override
        public void handle(Consumer<String, byte[]> consumer, ConsumerRecords<String, byte[]> records) {
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
                next.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
            }
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
