package io.openlva.recorder.sink;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The recorder's Micrometer meters: clips, bytes written, open gates, disk use. */
public final class RecorderMetrics {

    private final MeterRegistry registry;
    private final Counter bytes;
    private final Counter prerollReads;
    private final Counter lateEvents;
    private final AtomicInteger openGates = new AtomicInteger();
    private final AtomicInteger openRecordings = new AtomicInteger();
    private final Map<String, Long> diskUse = new ConcurrentHashMap<>();

    public RecorderMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.bytes = Counter.builder("openlva.recorder.bytes.written").baseUnit("bytes")
                .description("MP4 bytes written by all sinks").register(registry);
        this.prerollReads = Counter.builder("openlva.recorder.preroll.reads")
                .description("clips whose start was read back from the packets topic").register(registry);
        this.lateEvents = Counter.builder("openlva.recorder.gate.events.late")
                .description("gate events dropped because they came later than activationEvaluationWindow").register(registry);
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

    public void lateEvent() {
        lateEvents.increment();
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
