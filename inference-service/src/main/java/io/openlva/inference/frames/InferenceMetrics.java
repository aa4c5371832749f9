package io.openlva.inference.frames;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.openlva.graph.contract.StreamKey;

/**
 * The service's meters on /q/metrics: frames in/out/dropped (by node and reason), model time, and the frame-in to
 * event-out latency (capture time to publish), as histograms with percentiles.
 */
public class InferenceMetrics {

    private final MeterRegistry registry;
    private final Counter framesIn;
    private final Counter eventsOut;
    private final Counter framesProcessed;
    private final Timer latency;
    private final Timer modelTime;

    public InferenceMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.framesIn = Counter.builder("openlva.inference.frames.in").description("Frames received from Kafka").register(registry);
        this.framesProcessed = Counter.builder("openlva.inference.frames.processed")
                .description("Frames run through a model or extension").register(registry);
        this.eventsOut = Counter.builder("openlva.inference.events.out").description("Inference events published").register(registry);
        this.latency = Timer.builder("openlva.inference.latency")
                .description("Frame capture time to inference event published")
                .publishPercentileHistogram().publishPercentiles(0.5, 0.99)
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
        this.modelTime = Timer.builder("openlva.inference.model.time").description("Time spent in ONNX Runtime per frame")
                .publishPercentileHistogram().publishPercentiles(0.5, 0.99)
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
    }

    public void frameIn() {
        framesIn.increment();
    }

    public void processed() {
        framesProcessed.increment();
    }

    public void eventOut(long latencyMs) {
        eventsOut.increment();
        latency.record(Math.max(0, latencyMs), TimeUnit.MILLISECONDS);
    }

    /** A frame not processed, counted per node ({@code instance}, {@code node}; "unknown" for an unreadable key). */
    public void dropped(String reason, StreamKey key) {
        Counter.builder("openlva.inference.frames.dropped").description("Frames not processed, by node and reason")
                .tag("reason", reason)
                .tag("instance", key == null ? "unknown" : key.instance())
                .tag("node", key == null ? "unknown" : key.node())
                .register(registry).increment();
    }

    public void modelNanos(long nanos) {
        modelTime.record(nanos, TimeUnit.NANOSECONDS);
    }

    public double dropped() {
        return registry.find("openlva.inference.frames.dropped").counters().stream().mapToDouble(Counter::count).sum();
    }

    public double framesIn() {
        return framesIn.count();
    }

    public double eventsOut() {
        return eventsOut.count();
    }
}
