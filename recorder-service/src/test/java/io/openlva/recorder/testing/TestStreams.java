package io.openlva.recorder.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.openlva.devkit.KafkaBroker;
import io.openlva.devkit.TestKafka;
import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.Inferences;
import io.openlva.graph.contract.MediaPacket;
import io.openlva.graph.contract.Subjects;
import io.openlva.graph.contract.TopicSpecs;
import io.openlva.graph.contract.Topics;

/**
 * Producing packets and gate events into a real broker, and reading the recorder's events back. A test class
 * registers one with {@code @RegisterExtension static final TestStreams streams = TestStreams.forClass(topics)}: it
 * connects to the shared test broker before the class's tests and closes after them.
 */
public final class TestStreams implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    private final Topics topics;
    private KafkaBroker broker;
    private KafkaProducer<String, byte[]> producer;

    public TestStreams(KafkaBroker broker, Topics topics) {
        this.topics = topics;
        connect(broker);
    }

    private TestStreams(Topics topics) {
        this.topics = topics;
    }

    /** One for a test class, connected around its tests. */
    public static TestStreams forClass(Topics topics) {
        return new TestStreams(topics);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        connect(TestKafka.shared());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    private void connect(KafkaBroker to) {
        this.broker = to;
        broker.createTopics(TopicSpecs.specs(topics, 3));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(8 * 1024 * 1024));
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    public Topics topics() {
        return topics;
    }

    public KafkaBroker broker() {
        return broker;
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public void packets(List<MediaPacket> packets) {
        for (MediaPacket p : packets) {
            producer.send(p.toRecord(topics.packets()));
        }
        producer.flush();
    }

    /** Produces packets at {@code speed} × real time (by media time). */
    public void packetsPaced(List<MediaPacket> packets, double speed) {
        play(packets, List.of(), 0, speed);
    }

    /**
     * A motion event from {@code node} at media time {@code mediaTimeUs}, as the sampler publishes it, emitted at
     * wall-clock {@code eventTimeMs} (its media's capture time plus the analysis delay).
     */
    public void motion(String instance, String node, long mediaTimeUs, long eventTimeMs) {
        producer.send(motionRecord(instance, node, mediaTimeUs, eventTimeMs));
        producer.flush();
    }

    private ProducerRecord<String, byte[]> motionRecord(String instance, String node, long mediaTimeUs, long eventTimeMs) {
        var body = Inferences.body(mediaTimeUs, Inferences.entities(List.of()));
        body.withArray("inferences").add(Inferences.motion(new Inferences.Box(0.1, 0.1, 0.2, 0.2)));
        return new GraphEvent(java.util.UUID.randomUUID().toString(), instance, null,
                Subjects.processor(instance, node), EventTypes.INFERENCE, java.time.Instant.ofEpochMilli(eventTimeMs),
                null, mediaTimeUs, body).toRecord(topics.events());
    }

    /** Any record, as it is (a broken event, for instance). */
    public void send(ProducerRecord<String, byte[]> record) {
        producer.send(record);
        producer.flush();
    }

    /**
     * A gate event that a slow analysis emits only when the live media has reached {@code emitAtUs}: sent then,
     * with that moment's capture time as its event time.
     */
    public record DelayedEvent(String instance, String node, long mediaTimeUs, long emitAtUs) {
    }

    /**
     * Plays packets of several streams (merged in media order) at {@code speed} × real time, and sends each
     * delayed event once the packets have reached its {@code emitAtUs}: what a camera and a slowed extension do.
     */
    public void play(List<MediaPacket> packets, List<DelayedEvent> events, long captureBaseMs, double speed) {
        List<MediaPacket> byTime = packets.stream().sorted(java.util.Comparator.comparingLong(MediaPacket::mediaTimeUs))
                .toList();
        List<DelayedEvent> byEmit = events.stream().sorted(java.util.Comparator.comparingLong(DelayedEvent::emitAtUs))
                .toList();
        int next = 0;
        long t0 = System.nanoTime();
        long m0 = byTime.isEmpty() ? 0 : byTime.get(0).mediaTimeUs();
        for (MediaPacket p : byTime) {
            while (next < byEmit.size() && byEmit.get(next).emitAtUs() <= p.mediaTimeUs()) {
                DelayedEvent e = byEmit.get(next++);
                producer.send(motionRecord(e.instance(), e.node(), e.mediaTimeUs(), captureBaseMs + e.emitAtUs() / 1000));
            }
            long due = t0 + (long) ((p.mediaTimeUs() - m0) * 1000 / speed);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            producer.send(p.toRecord(topics.packets()));
        }
        while (next < byEmit.size()) {
            DelayedEvent e = byEmit.get(next++);
            producer.send(motionRecord(e.instance(), e.node(), e.mediaTimeUs(), captureBaseMs + e.emitAtUs() / 1000));
        }
        producer.flush();
    }

    /** The recorder's operational events for {@code instance} so far. */
    public List<GraphEvent> recordingEvents(String instance) {
        return events(instance, EventTypes::isOperational);
    }

    /** The events of {@code instance} so far whose type {@code type} accepts. */
    public List<GraphEvent> events(String instance, java.util.function.Predicate<String> type) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        List<GraphEvent> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topics.events()).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    GraphEvent e;
                    try {
                        e = GraphEvent.fromRecord(r);
                    } catch (RuntimeException unreadable) {
                        continue;
                    }
                    if (instance.equals(e.instance()) && type.test(e.eventType())) {
                        out.add(e);
                    }
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}
