package io.openlva.ingest.publish;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import io.openlva.graph.contract.MediaPacket;
import io.openlva.ingest.rtsp.PacketSink;
import io.openlva.runtime.KafkaFactory;

/**
 * Packets to {@code media.packets}, keyed {@code instance/sourceNode} so a stream stays in one partition
 * (in order). A plain producer: no compression (video does not compress), a small linger, and a send
 * that never blocks a camera for long when Kafka is away (the packet is dropped and counted instead).
 */
public final class PacketPublisher implements PacketSink, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PacketPublisher.class);

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile long lastDropLogMs;

    public PacketPublisher(KafkaFactory kafka, String topic, long lingerMs, int maxRequestSize) {
        // live video: a lost packet is better than a camera blocked by retries, so one acknowledgement, no idempotence
        this.producer = kafka.producer("ingest-packets", new StringSerializer(), new ByteArraySerializer(), Map.of(
                ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false",
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "none",
                ProducerConfig.LINGER_MS_CONFIG, Long.toString(lingerMs),
                ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(512 * 1024),
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(maxRequestSize),
                ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(128L * 1024 * 1024),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, "1000",
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000"));
        this.topic = topic;
    }

    @Override
    public void publish(MediaPacket packet) {
        try {
            producer.send(packet.toRecord(topic), (meta, e) -> {
                if (e != null) {
                    failed.incrementAndGet();
                    logDrop(packet, e);
                }
            });
        } catch (RuntimeException e) {
            // Buffer full or metadata unavailable for max.block.ms: Kafka is away; the camera keeps going.
            dropped.incrementAndGet();
            logDrop(packet, e);
        }
    }

    private void logDrop(MediaPacket packet, Exception e) {
        long now = System.currentTimeMillis();
        if (now - lastDropLogMs > 10_000) {
            lastDropLogMs = now;
            LOG.warnf("packets of %s not delivered to %s (%s); dropped so far: %d", packet.key(), topic, e.toString(),
                    dropped.get() + failed.get());
        }
    }

    /** Packets that never reached Kafka. */
    public long droppedPackets() {
        return dropped.get() + failed.get();
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
