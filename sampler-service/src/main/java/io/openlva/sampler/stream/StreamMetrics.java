package io.openlva.sampler.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.openlva.graph.contract.StreamKey;

/**
 * A stream's meters, tagged {@code instance} and {@code source}: decoded and sampled frames (counters, and
 * fps gauges over the last seconds), decode time, packets skipped by sparse decoding and frames dropped
 * with their reason.
 */
public final class StreamMetrics implements AutoCloseable {

    public static final String DECODED = "openlva.sampler.frames.decoded";
    public static final String SAMPLED = "openlva.sampler.frames.sampled";
    public static final String DROPPED = "openlva.sampler.frames.dropped";
    public static final String SKIPPED = "openlva.sampler.packets.skipped";
    public static final String DECODE_TIME = "openlva.sampler.decode.time";
    public static final String DECODED_FPS = "openlva.sampler.decoded.fps";
    public static final String SAMPLED_FPS = "openlva.sampler.sampled.fps";

    /** Why a packet or frame produced nothing. */
    public enum DropReason {
        /** Waiting for a keyframe (stream taken over, session changed, after damage). */
        AWAITING_KEYFRAME,
        /** The decoder rejected the packet or produced a damaged frame. */
        CORRUPT,
        /** Preparing an image or running a node failed. */
        PROCESSING_ERROR
    }

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final Counter decoded;
    private final Counter sampled;
    private final Counter skipped;
    private final Timer decodeTime;
    private final Counter[] dropped = new Counter[DropReason.values().length];
    private final RateMeter decodedRate = new RateMeter();
    private final RateMeter sampledRate = new RateMeter();

    public StreamMetrics(MeterRegistry registry, StreamKey stream) {
        this.registry = registry;
        Tags tags = Tags.of("instance", stream.instance(), "source", stream.node());
        decoded = add(Counter.builder(DECODED).description("Frames decoded").tags(tags).register(registry));
        sampled = add(Counter.builder(SAMPLED).description("Images published to extension nodes").tags(tags)
                .register(registry));
        skipped = add(Counter.builder(SKIPPED).description("Packets not decoded because no frame up to the next keyframe was needed")
                .tags(tags).register(registry));
        decodeTime = add(Timer.builder(DECODE_TIME).description("Time to decode one packet").tags(tags)
                .register(registry));
        for (DropReason r : DropReason.values()) {
            dropped[r.ordinal()] = add(Counter.builder(DROPPED).description("Packets or frames lost")
                    .tags(tags.and("reason", r.name().toLowerCase())).register(registry));
        }
        add(Gauge.builder(DECODED_FPS, decodedRate, RateMeter::perSecond).description("Decoded frames per second")
                .tags(tags).register(registry));
        add(Gauge.builder(SAMPLED_FPS, sampledRate, RateMeter::perSecond).description("Sampled frames per second")
                .tags(tags).register(registry));
    }

    private <M extends Meter> M add(M meter) {
        meters.add(meter);
        return meter;
    }

    public void decoded() {
        decoded.increment();
        decodedRate.mark();
    }

    public void sampled() {
        sampled.increment();
        sampledRate.mark();
    }

    public void skipped() {
        skipped.increment();
    }

    public void dropped(DropReason reason) {
        dropped[reason.ordinal()].increment();
    }

    public void decodeTime(long nanos) {
        decodeTime.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        meters.forEach(registry::remove);
    }

    /** Events per second over the last few seconds of wall clock (for the gauges). */
    static final class RateMeter {
        private static final int SECONDS = 5;
        private final long[] counts = new long[SECONDS + 1];
        private long currentSecond;

        synchronized void mark() {
            roll(System.currentTimeMillis() / 1000);
            counts[(int) (currentSecond % counts.length)]++;
        }

        synchronized double perSecond() {
            roll(System.currentTimeMillis() / 1000);
            long sum = 0;
            for (int i = 1; i <= SECONDS; i++) {
                sum += counts[(int) ((currentSecond - i) % counts.length)];
            }
            return sum / (double) SECONDS;
        }

        private void roll(long now) {
            if (now == currentSecond) {
                return;
            }
            for (long s = Math.max(currentSecond + 1, now - counts.length + 1); s <= now; s++) {
                counts[(int) (s % counts.length)] = 0;
            }
            currentSecond = now;
        }
    }
}
