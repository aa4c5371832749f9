package io.openlva.ingest.publish;

import io.openlva.graph.contract.KafkaClients;

import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import io.openlva.graph.contract.MediaPacket;
import io.openlva.ingest.rtsp.PacketSink;

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

    public PacketPublisher(String bootstrapServers, String topic, long lingerMs, int maxRequestSize) {
        Properties p = new Properties();
        p.putAll(KafkaClients.config(bootstrapServers));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "ingest-packets");
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        p.put(ProducerConfig.LINGER_MS_CONFIG, Long.toString(lingerMs));
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(512 * 1024));
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(maxRequestSize));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(128L * 1024 * 1024));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "1000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
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
