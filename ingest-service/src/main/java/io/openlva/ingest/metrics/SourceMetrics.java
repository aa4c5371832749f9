package io.openlva.ingest.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.openlva.graph.contract.StreamKey;

/**
 * Per source (tags {@code instance}, {@code node}): {@code openlva_ingest_bytes_total},
 * {@code openlva_ingest_packets_total}, {@code openlva_ingest_reconnects_total},
 * {@code openlva_ingest_connect_failures_total}, {@code openlva_ingest_last_packet_age_seconds}
 * (-1 before the first packet). Meters go away when the source is no longer pulled here.
 */
public final class SourceMetrics {

    private final MeterRegistry registry;
    private final Map<StreamKey, Source> sources = new ConcurrentHashMap<>();

    public SourceMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void packet(StreamKey key, int bytes) {
        Source s = source(key);
        s.bytes.increment(bytes);
        s.packets.increment();
        s.lastPacketNanos.set(System.nanoTime());
    }

    public void reconnect(StreamKey key) {
        source(key).reconnects.increment();
    }

    public void connectFailure(StreamKey key) {
        source(key).connectFailures.increment();
    }

    public void remove(StreamKey key) {
        Source s = sources.remove(key);
        if (s != null) {
            s.meters.forEach(registry::remove);
        }
    }

    private Source source(StreamKey key) {
        return sources.computeIfAbsent(key, k -> new Source(registry, k));
    }

    private static final class Source {
        final AtomicLong lastPacketNanos = new AtomicLong(-1);
        final Counter bytes;
        final Counter packets;
        final Counter reconnects;
        final Counter connectFailures;
        final List<Meter> meters;

        Source(MeterRegistry registry, StreamKey key) {
            List<Tag> tags = List.of(Tag.of("instance", key.instance()), Tag.of("node", key.node()));
            bytes = Counter.builder("openlva.ingest.bytes").baseUnit("bytes").tags(tags)
                    .description("Bytes of encoded video received from the camera").register(registry);
            packets = Counter.builder("openlva.ingest.packets").tags(tags)
                    .description("Access units received from the camera").register(registry);
            reconnects = Counter.builder("openlva.ingest.reconnects").tags(tags)
                    .description("Sessions re-established after a loss").register(registry);
            connectFailures = Counter.builder("openlva.ingest.connect.failures").tags(tags)
                    .description("Failed connection attempts").register(registry);
            Gauge age = Gauge.builder("openlva.ingest.last.packet.age", lastPacketNanos, n -> {
                long last = n.get();
                return last < 0 ? -1 : (System.nanoTime() - last) / 1e9;
            }).baseUnit("seconds").tags(tags).description("Seconds since the last packet").register(registry);
            meters = List.of(bytes, packets, reconnects, connectFailures, age);
        }
    }
}
