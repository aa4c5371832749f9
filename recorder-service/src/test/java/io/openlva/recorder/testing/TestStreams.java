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
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.openlva.devkit.KafkaBroker;
import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.Inferences;
import io.openlva.graph.contract.MediaPacket;
import io.openlva.graph.contract.Subjects;
import io.openlva.graph.contract.TopicSpecs;
import io.openlva.graph.contract.Topics;

/** Producing packets and gate events into a real broker, and reading the recorder's events back. */
public final class TestStreams implements AutoCloseable {

    private final KafkaBroker broker;
    private final Topics topics;
    private final KafkaProducer<String, byte[]> producer;

    public TestStreams(KafkaBroker broker, Topics topics) {
        this.broker = broker;
        this.topics = topics;
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

    public void packets(List<MediaPacket> packets) {
        for (MediaPacket p : packets) {
            producer.send(p.toRecord(topics.packets()));
        }
        producer.flush();
    }

    /** Produces packets at {@code speed} × real time (by media time). */
    public void packetsPaced(List<MediaPacket> packets, double speed) {
        long t0 = System.nanoTime();
        long m0 = packets.isEmpty() ? 0 : packets.get(0).mediaTimeUs();
        for (MediaPacket p : packets) {
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
        producer.flush();
    }

    /**
     * A motion event from {@code node} at media time {@code mediaTimeUs}, as the sampler publishes it, emitted at
     * wall-clock {@code eventTimeMs} (its media's capture time plus the analysis delay).
     */
    public void motion(String instance, String node, long mediaTimeUs, long eventTimeMs) {
        var body = Inferences.body(mediaTimeUs, Inferences.entities(List.of()));
        body.withArray("inferences").add(Inferences.motion(new Inferences.Box(0.1, 0.1, 0.2, 0.2)));
        producer.send(new GraphEvent(java.util.UUID.randomUUID().toString(), instance, null,
                Subjects.processor(instance, node), EventTypes.INFERENCE, java.time.Instant.ofEpochMilli(eventTimeMs),
                null, mediaTimeUs, body).toRecord(topics.events()));
        producer.flush();
    }

    /** The recorder's operational events for {@code instance} so far. */
    public List<GraphEvent> recordingEvents(String instance) {
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
                    GraphEvent e = GraphEvent.fromRecord(r);
                    if (instance.equals(e.instance()) && EventTypes.isOperational(e.eventType())) {
                        out.add(e);
                    }
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
