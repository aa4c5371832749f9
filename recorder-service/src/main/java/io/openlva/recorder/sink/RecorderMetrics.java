package io.openlva.recorder.sink;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The recorder's Micrometer meters: clips, bytes written, open gates, disk use, late and dropped gate events. */
public final class RecorderMetrics {

    private final MeterRegistry registry;
    private final Counter bytes;
    private final Counter prerollReads;
    private final AtomicInteger openGates = new AtomicInteger();
    private final AtomicInteger openRecordings = new AtomicInteger();
    private final Map<String, Long> diskUse = new ConcurrentHashMap<>();

    public RecorderMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.bytes = Counter.builder("openlva.recorder.bytes.written").baseUnit("bytes")
                .description("MP4 bytes written by all sinks").register(registry);
        this.prerollReads = Counter.builder("openlva.recorder.preroll.reads")
                .description("clips whose start was read back from the packets topic").register(registry);
        registry.gauge("openlva.recorder.gates.open", openGates);
        registry.gauge("openlva.recorder.recordings.open", openRecordings);
        registry.gauge("openlva.recorder.disk.used.bytes", diskUse, m -> m.values().stream().mapToLong(Long::longValue).sum());
    }

    public void clip(String sinkKind, String outcome) {
        registry.counter("openlva.recorder.clips", "sink", sinkKind, "outcome", outcome).increment();
    }

    public void bytesWritten(long n) {
        if (n > 0) {
            bytes.increment(n);
        }
    }

    public void prerollRead() {
        prerollReads.increment();
    }

    /** A gate event came later than its gate's activationEvaluationWindow (recorded from Kafka, or dropped). */
    public void lateGateEvent(String instance, String gateNode) {
        Counter.builder("openlva.recorder.gate.events.late").tag("instance", instance).tag("node", gateNode)
                .description("gate events that came later than activationEvaluationWindow").register(registry)
                .increment();
    }

    /** A gate event the recorder could not use ({@code reason}: late, retention, invalidMediaTime). */
    public void gateEventDropped(String instance, String gateNode, String reason) {
        Counter.builder("openlva.recorder.gate.events.dropped").tag("instance", instance).tag("node", gateNode)
                .tag("reason", reason).description("gate events dropped, also reported as DataDropped events")
                .register(registry).increment();
    }

    /** One stream's or one event's processing failed ({@code where}: stream, event, history); the rest went on. */
    /** A file could not be written (disk full, read-only volume, below the free-space guard). */
    public void storageError(String instance, String node) {
        Counter.builder("openlva.recorder.storage.errors").tag("instance", instance).tag("node", node)
                .description("files a sink could not write: disk full, read-only or removed volume, free-space guard")
                .register(registry).increment();
    }

    /** Packets a sink did not record (while it waits to retry after a storage error). */
    public void packetDropped(String instance, String node, String reason) {
        Counter.builder("openlva.recorder.packets.dropped").tag("instance", instance).tag("node", node)
                .tag("reason", reason).description("packets a sink did not record").register(registry).increment();
    }

    public void failure(String where) {
        registry.counter("openlva.recorder.failures", "where", where).increment();
    }

    public void gateOpened() {
        openGates.incrementAndGet();
    }

    public void gateClosed() {
        openGates.decrementAndGet();
    }

    public void recordingOpened() {
        openRecordings.incrementAndGet();
    }

    public void recordingClosed() {
        openRecordings.decrementAndGet();
    }

    /** Bytes a sink ({@code instance/node}) has on disk. */
    public void diskUse(String sink, long bytesUsed) {
        diskUse.put(sink, bytesUsed);
    }

    public int openGates() {
        return openGates.get();
    }
}
