package io.openlva.recorder.stream;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jboss.logging.Logger;

import io.openlva.graph.contract.DataDropped;
import io.openlva.graph.contract.Subjects;
import io.openlva.recorder.sink.SinkRecording;

/**
 * Gate events the recorder could not use: each is counted ({@code openlva.recorder.gate.events.dropped{instance,
 * node,reason}}) and reported as LVA's {@code Diagnostics.DataDropped} on the gate node, at most one event per
 * node and reason every {@link #INTERVAL} (the next one carries the count since the last).
 * Body: media-graph's {@link DataDropped} with {@code dataType: "event"} and one reason (timestamp / lastTimestamp:
 * LVA's 90 kHz media times of the first and last event dropped since the last report).
 */
final class DroppedGateEvents {

    private static final Logger LOG = Logger.getLogger(DroppedGateEvents.class);
    static final Duration INTERVAL = Duration.ofSeconds(10);

    enum Reason {
        /** Later than activationEvaluationWindow, and the recorder follows LVA's rule (late-events=drop). */
        LATE("late"),
        /** Older than the packets still kept in media.packets: the clip cannot be cut any more. */
        RETENTION("retention"),
        /** A media time the stream cannot have (far ahead of the live media), or none before any packet. */
        INVALID_MEDIA_TIME("invalidMediaTime");

        final String wireName;

        Reason(String wireName) {
            this.wireName = wireName;
        }
    }

    private static final class Pending {
        long count;
        long firstMediaTimeUs = -1;
        long lastMediaTimeUs = -1;
        long lastReportNanos;
        boolean reported;
    }

    private final SinkRecording.Context ctx;
    private final Map<String, Pending> pending = new LinkedHashMap<>();

    DroppedGateEvents(SinkRecording.Context ctx) {
        this.ctx = ctx;
    }

    void drop(String instance, String gateNode, Reason reason, long mediaTimeUs) {
        ctx.metrics().gateEventDropped(instance, gateNode, reason.wireName);
        Pending p = pending.computeIfAbsent(instance + "\n" + gateNode + "\n" + reason.name(), k -> new Pending());
        if (p.count == 0) {
            p.firstMediaTimeUs = mediaTimeUs;
        }
        p.count++;
        p.lastMediaTimeUs = mediaTimeUs;
        if (!p.reported || System.nanoTime() - p.lastReportNanos >= INTERVAL.toNanos()) {
            report(instance, gateNode, reason, p);
        }
    }

    /** Reports counts held back by the rate limit once their interval has passed. */
    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        pending.forEach((k, p) -> {
            if (p.count > 0 && now - p.lastReportNanos >= INTERVAL.toNanos()) {
                String[] parts = k.split("\n", 3);
                report(parts[0], parts[1], Reason.valueOf(parts[2]), p);
            }
        });
    }

    private void report(String instance, String gateNode, Reason reason, Pending p) {
        ctx.events().publish(new DataDropped(DataDropped.EVENT, Map.of(reason.wireName, p.count), p.firstMediaTimeUs,
                p.lastMediaTimeUs, null).event(ctx.lvaTopic(), instance, Subjects.processor(instance, gateNode)));
        LOG.infof("%s/%s: %d gate event(s) dropped (%s)", instance, gateNode, p.count, reason.wireName);
        p.count = 0;
        p.firstMediaTimeUs = -1;
        p.lastMediaTimeUs = -1;
        p.reported = true;
        p.lastReportNanos = System.nanoTime();
    }
}
