package io.openlva.recorder.preroll;

import io.openlva.graph.contract.KafkaClients;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

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

/**
 * Reads a clip's beginning back from {@code media.packets}: seeks by record timestamp (the capture time) a
 * margin before the clip start, then scans forward to the last keyframe at or before the start by media time,
 * and returns every packet of the stream from that keyframe up to a given offset. The topic's retention is the
 * pre-roll budget: when the keyframe is older than the log, the clip starts at the oldest keyframe kept.
 * One reader per packet thread (KafkaConsumer is single-threaded).
 */
public final class PrerollReader implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PrerollReader.class);
    private static final int ATTEMPTS = 5;

    private final KafkaConsumer<String, byte[]> consumer;
    private final Duration margin;

    /** What was read: packets from the keyframe on, and whether a keyframe at or before the start was found. */
    public record Preroll(List<MediaPacket> packets, boolean reachedStart, int attempts) {
    }

    public PrerollReader(String bootstrapServers, Duration margin) {
        Properties p = new Properties();
        p.putAll(KafkaClients.config(bootstrapServers));
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(64 * 1024 * 1024));
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 * 1024 * 1024));
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "recorder-preroll-" + ProcessHandle.current().pid());
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        this.margin = margin;
    }

    /**
     * @param sessionId the source session being recorded (media times of other sessions do not compare), or null
     * @param startUs the clip start (media time)
     * @param startCaptureMs the estimated capture time of {@code startUs}
     * @param untilOffset the last offset to read (inclusive): the live reader goes on after it
     */
    public Preroll read(TopicPartition tp, StreamKey key, String sessionId, long startUs, long startCaptureMs,
            long untilOffset) {
        consumer.assign(List.of(tp));
        long beginning = consumer.beginningOffsets(List.of(tp)).get(tp);
        Duration m = margin;
        String wantedKey = key.toString();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            long seekTs = Math.max(0, startCaptureMs - m.toMillis());
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(Map.of(tp, seekTs));
            OffsetAndTimestamp ot = found.get(tp);
            long from = ot == null ? untilOffset : Math.min(ot.offset(), untilOffset);
            from = Math.max(from, beginning);
            consumer.seek(tp, from);
            List<MediaPacket> gop = new ArrayList<>();
            boolean keyframeAtOrBeforeStart = false;
            boolean sawAfterStartFirst = false;
            long position = from;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            outer:
            while (position <= untilOffset) {
                if (System.nanoTime() > deadline) {
                    LOG.warnf("%s: reading back %s to offset %d timed out at %d", key, tp, untilOffset, position);
                    break;
                }
                var records = consumer.poll(Duration.ofMillis(200));
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
                    if (p.keyframe() && p.mediaTimeUs() <= startUs) {
                        gop.clear();
                        gop.add(p);
                        keyframeAtOrBeforeStart = true;
                    } else if (!gop.isEmpty()) {
                        gop.add(p);
                    } else if (p.mediaTimeUs() > startUs) {
                        sawAfterStartFirst = true;
                        if (p.keyframe()) {
                            // no keyframe at or before the start in what we read: keep this one as a fallback
                            gop.add(p);
                        }
                    }
                }
                position = Math.max(position, consumer.position(tp));
            }
            boolean atLogStart = from <= beginning;
            if (keyframeAtOrBeforeStart || atLogStart || !sawAfterStartFirst || ot == null) {
                if (!keyframeAtOrBeforeStart) {
                    LOG.warnf("%s: no keyframe at or before media time %d us in %s (retention is the pre-roll budget);"
                            + " the clip starts at the first keyframe after", key, startUs, tp);
                }
                return new Preroll(gop, keyframeAtOrBeforeStart, attempt);
            }
            m = m.multipliedBy(2);
        }
        LOG.warnf("%s: gave up seeking back to media time %d us", key, startUs);
        return new Preroll(List.of(), false, ATTEMPTS);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
