package io.openlva.recorder.preroll;


import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import io.openlva.graph.contract.MediaPacket;
import io.openlva.graph.contract.StreamKey;
import io.openlva.runtime.KafkaFactory;

/**
 * Reads a stream's packets back from {@code media.packets}: a clip's beginning (pre-roll, or the whole clip of a
 * late gate event) from the last keyframe at or before its start, or the packets after a given one (a clip
 * extended after it stopped taking live packets). Seeks by record timestamp (the capture time) a margin before
 * the wanted media time, doubling the margin when that was not far enough back, and hands the packets over in
 * order as it reads them, up to a given offset or until the receiver has enough. The topic's retention is the
 * budget: when the keyframe is older than the log, the clip starts at the oldest keyframe kept (logged).
 * One reader per packet thread (KafkaConsumer is single-threaded).
 */
public final class PrerollReader implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PrerollReader.class);
    private static final int ATTEMPTS = 5;
    /** A read that gets no record for this long gives up (broker gone). */
    private static final Duration STALL = Duration.ofSeconds(30);
    /** How long the oldest timestamp of a partition is trusted before asking again. */
    private static final long OLDEST_TTL_NANOS = Duration.ofSeconds(5).toNanos();
    /** Resuming after a known packet (its capture time is exact) needs little margin. */
    private static final Duration RESUME_MARGIN = Duration.ofSeconds(2);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Duration margin;
    private final Map<TopicPartition, long[]> oldest = new HashMap<>();

    /** Where packets read back go, in order. */
    @FunctionalInterface
    public interface Receiver {
        /** @return false when the packet is past what is wanted: reading stops, the packet is not taken */
        boolean take(MediaPacket p);
    }

    /**
     * How a read ended.
     *
     * @param reachedStart a keyframe at or before the wanted start was found (or the resume point, for {@link #readAfter})
     * @param reachedUntil read through {@code untilOffset}: the receiver has everything up to the live position
     */
    public record Result(boolean reachedStart, boolean reachedUntil, int attempts, long packetsSeen) {
    }

    /** A packet already taken: reading resumes after it. */
    public record Position(long mediaTimeUs, long sequence, long captureTimeMs) {

        public static Position of(MediaPacket p) {
            return new Position(p.mediaTimeUs(), p.sequence(), p.captureTimeMs());
        }

        /** True when {@code p} is this packet or an earlier one of the stream. */
        boolean covers(MediaPacket p) {
            return sequence >= 0 && p.sequence() >= 0 ? p.sequence() <= sequence : p.mediaTimeUs() <= mediaTimeUs;
        }
    }

    public PrerollReader(KafkaFactory kafka, Duration margin) {
        this.consumer = kafka.consumer("recorder-preroll-" + ProcessHandle.current().pid(), null,
                new StringDeserializer(), new ByteArrayDeserializer(), Map.of(
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000",
                        ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(64 * 1024 * 1024),
                        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 * 1024 * 1024)));
        this.margin = margin;
    }

    /** What one pass over the log does with the stream's packets; {@code null} from {@link #onPacket} = go on. */
    private interface Pass {
        /** @return null to go on, TRUE when the receiver refused (stop), FALSE to retry further back */
        Boolean onPacket(MediaPacket p);

        /** The pass reached {@code untilOffset}: flush what it holds; false when the receiver refused. */
        boolean onEnd();

        boolean reachedStart();
    }

    /**
     * The packets from the last keyframe at or before {@code startUs} on, up to {@code untilOffset} or until the
     * receiver refuses one.
     *
     * @param sessionId the source session being recorded (media times of other sessions do not compare), or null
     * @param startCaptureMs the estimated capture time of {@code startUs}
     * @param untilOffset the last offset to read (inclusive): the live reader goes on after it
     */
    public Result readFromKeyframe(TopicPartition tp, StreamKey key, String sessionId, long startUs, long startCaptureMs,
            long untilOffset, Receiver out) {
        return read(tp, key, sessionId, startCaptureMs, margin, untilOffset, atLogStart -> new Pass() {
            final List<MediaPacket> gop = new ArrayList<>();
            boolean found;
            boolean warned;
            boolean streaming;

            @Override
            public Boolean onPacket(MediaPacket p) {
                if (streaming) {
                    return out.take(p) ? null : Boolean.TRUE;
                }
                if (p.mediaTimeUs() <= startUs) {
                    if (p.keyframe()) {
                        gop.clear();
                        gop.add(p);
                        found = true;
                    } else if (!gop.isEmpty()) {
                        gop.add(p);
                    }
                    return null;
                }
                // the first packet after the start decides
                if (!found) {
                    if (!atLogStart) {
                        return Boolean.FALSE;
                    }
                    if (!warned) {
                        warned = true;
                        LOG.warnf("%s: no keyframe at or before media time %d us in %s (retention is the pre-roll budget);"
                                + " the clip starts at the first keyframe after", key, startUs, tp);
                    }
                    if (!p.keyframe()) {
                        return null;
                    }
                }
                gop.add(p);
                streaming = true;
                return flush() ? null : Boolean.TRUE;
            }

            @Override
            public boolean onEnd() {
                return flush();
            }

            private boolean flush() {
                for (MediaPacket g : gop) {
                    if (!out.take(g)) {
                        gop.clear();
                        return false;
                    }
                }
                gop.clear();
                return true;
            }

            @Override
            public boolean reachedStart() {
                return found;
            }
        });
    }

    /**
     * The packets after {@code after} on, up to {@code untilOffset} or until the receiver refuses one: the rest of
     * a clip that stopped taking live packets.
     */
    public Result readAfter(TopicPartition tp, StreamKey key, String sessionId, Position after, long untilOffset,
            Receiver out) {
        return read(tp, key, sessionId, after.captureTimeMs(), RESUME_MARGIN, untilOffset, atLogStart -> new Pass() {
            boolean positioned;

            @Override
            public Boolean onPacket(MediaPacket p) {
                if (after.covers(p)) {
                    positioned = true;
                    return null;
                }
                if (!positioned) {
                    if (!atLogStart) {
                        return Boolean.FALSE;
                    }
                    LOG.warnf("%s: packets after media time %d us are no longer in %s; the clip goes on with a gap", key,
                            after.mediaTimeUs(), tp);
                    positioned = true;
                }
                return out.take(p) ? null : Boolean.TRUE;
            }

            @Override
            public boolean onEnd() {
                return true;
            }

            @Override
            public boolean reachedStart() {
                return positioned;
            }
        });
    }

    private interface PassFactory {
        Pass create(boolean atLogStart);
    }

    private Result read(TopicPartition tp, StreamKey key, String sessionId, long captureMs, Duration firstMargin,
            long untilOffset, PassFactory passes) {
        consumer.assign(List.of(tp));
        long beginning = consumer.beginningOffsets(List.of(tp)).get(tp);
        Duration m = firstMargin;
        String wantedKey = key.toString();
        long seen = 0;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            long seekTs = Math.max(0, captureMs - m.toMillis());
            OffsetAndTimestamp ot = consumer.offsetsForTimes(Map.of(tp, seekTs)).get(tp);
            long from = ot == null ? untilOffset : Math.min(ot.offset(), untilOffset);
            from = Math.max(from, beginning);
            // nothing kept before this point: take what there is
            Pass pass = passes.create(from <= beginning || ot == null);
            consumer.seek(tp, from);
            long position = from;
            long stallDeadline = System.nanoTime() + STALL.toNanos();
            Boolean stop = null;
            outer:
            while (position <= untilOffset) {
                if (System.nanoTime() > stallDeadline) {
                    LOG.warnf("%s: reading back %s to offset %d stalled at %d", key, tp, untilOffset, position);
                    return new Result(pass.reachedStart(), false, attempt, seen);
                }
                var records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    stallDeadline = System.nanoTime() + STALL.toNanos();
                }
                for (ConsumerRecord<String, byte[]> r : records) {
                    position = r.offset() + 1;
                    if (r.offset() > untilOffset) {
                        break outer;
                    }
                    if (!wantedKey.equals(r.key())) {
                        continue;
                    }
                    MediaPacket p;
                    try {
                        p = MediaPacket.fromRecord(r);
                    } catch (RuntimeException bad) {
                        continue;
                    }
                    if (sessionId != null && !sessionId.equals(p.sessionId())) {
                        continue;
                    }
                    stop = pass.onPacket(p);
                    if (stop != null) {
                        break outer;
                    }
                    seen++;
                }
                position = Math.max(position, consumer.position(tp));
            }
            if (stop == null) {
                boolean all = pass.onEnd();
                return new Result(pass.reachedStart(), all, attempt, seen);
            }
            if (stop) {
                return new Result(pass.reachedStart(), false, attempt, seen);
            }
            m = m.multipliedBy(2);
        }
        LOG.warnf("%s: gave up seeking back to capture time %d ms in %s", key, captureMs, tp);
        return new Result(false, false, ATTEMPTS, seen);
    }

    /**
     * Capture time (record timestamp) of the oldest packet the partition still keeps, or empty when it keeps none.
     * Asked of the broker at most every few seconds.
     */
    public OptionalLong oldestTimestampMs(TopicPartition tp) {
        long now = System.nanoTime();
        long[] cached = oldest.get(tp);
        if (cached == null || now - cached[1] > OLDEST_TTL_NANOS) {
            consumer.assign(List.of(tp));
            OffsetAndTimestamp first = consumer.offsetsForTimes(Map.of(tp, 0L)).get(tp);
            cached = new long[] {first == null ? Long.MIN_VALUE : first.timestamp(), now};
            oldest.put(tp, cached);
        }
        return cached[0] == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(cached[0]);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
