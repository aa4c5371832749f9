package io.openlva.inference.frames;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import io.openlva.graph.contract.DataDropped;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.contract.Subjects;

/**
 * Frames this replica did not process, per node: always counted (metric with instance/node/reason tags), logged at
 * most once per log interval per node (the line says how many were dropped since the previous one), and, for a
 * node of an active graph, reported as LVA's {@code Diagnostics.DataDropped} event at most once per event interval
 * per node: the first drop at once, the ones after it summed into the next event. Each replica limits its own
 * events, so N replicas send at most N per interval for a node whose frames they share.
 *
 * <p>Event body: media-graph's {@link DataDropped} (one body for every service): {@code dataType} frame,
 * {@code count}, {@code reasons} (count per reason, the metric's tag values), {@code timestamp}/{@code lastTimestamp}
 * (earliest and latest dropped frame) and {@code errorDetails} (the latest reason in words).
 */
public final class DropReports {

    private final InferenceMetrics metrics;
    private final Consumer<GraphEvent> publisher;
    private final long eventIntervalMs;
    private final long logIntervalMs;
    private final Clock clock;
    private final BiConsumer<String, Throwable> log;
    private final Map<String, NodeDrops> nodes = new HashMap<>();

    /**
     * @param eventInterval least time between two DataDropped events of a node
     * @param logInterval least time between two log lines of a node
     * @param log where the log lines go (a WARN logger in the service), with the failure when there is one
     */
    public DropReports(InferenceMetrics metrics, Consumer<GraphEvent> publisher, Duration eventInterval, Duration logInterval,
            Clock clock, BiConsumer<String, Throwable> log) {
        this.metrics = metrics;
        this.publisher = publisher;
        this.eventIntervalMs = eventInterval.toMillis();
        this.logIntervalMs = logInterval.toMillis();
        this.clock = clock;
        this.log = log;
    }

    /**
     * One frame not processed.
     *
     * @param key the frame's node, or null when the record did not even say which
     * @param reason short metric tag (too-old, bad-image, model-error...)
     * @param detail the reason in words (no credentials), or null
     * @param report whether a DataDropped event is due: false when the node is not part of an active graph
     */
    public void dropped(StreamKey key, String reason, long mediaTimeUs, String detail, boolean report) {
        dropped(key, reason, mediaTimeUs, detail, report, null);
    }

    /** As above, with the unexpected failure behind the drop (its stack trace goes with the log line). */
    public synchronized void dropped(StreamKey key, String reason, long mediaTimeUs, String detail, boolean report,
            Throwable failure) {
        metrics.dropped(reason, key);
        long now = clock.millis();
        NodeDrops n = nodes.computeIfAbsent(key == null ? "?" : key.toString(), k -> new NodeDrops(key));
        n.lastDropMs = now;
        n.sinceLog.merge(reason, 1L, Long::sum);
        if (now - n.lastLogMs >= logIntervalMs) {
            log.accept("frames of " + n.name() + " dropped (" + summary(n.sinceLog)
                    + (n.logged ? " in the last " + (now - n.lastLogMs) / 1000 + " s" : "") + "); latest, " + reason + ": "
                    + (detail == null ? "-" : detail), failure);
            n.lastLogMs = now;
            n.logged = true;
            n.sinceLog.clear();
        }
        if (report && key != null) {
            n.pending.merge(reason, 1L, Long::sum);
            n.firstMediaUs = Math.min(n.firstMediaUs, mediaTimeUs);
            n.lastMediaUs = Math.max(n.lastMediaUs, mediaTimeUs);
            n.detail = detail == null ? reason : detail;
            if (now - n.lastEventMs >= eventIntervalMs) {
                emit(n, now);
            }
        }
    }

    /** Sends the summed drops whose interval has passed; the frame loop calls it on every poll. */
    public synchronized void flush() {
        long now = clock.millis();
        for (Iterator<NodeDrops> it = nodes.values().iterator(); it.hasNext();) {
            NodeDrops n = it.next();
            if (!n.pending.isEmpty() && now - n.lastEventMs >= eventIntervalMs) {
                emit(n, now);
            }
            // a node that stopped dropping long ago starts afresh (first drop reported and logged at once)
            if (n.pending.isEmpty() && now - n.lastDropMs > Math.max(eventIntervalMs, logIntervalMs) * 2) {
                it.remove();
            }
        }
    }

    private void emit(NodeDrops n, long now) {
        StreamKey key = n.key;
        publisher.accept(new DataDropped(DataDropped.FRAME, n.pending, n.firstMediaUs, n.lastMediaUs, n.detail)
                .event(null, key.instance(), Subjects.processor(key.instance(), key.node())));
        n.lastEventMs = now;
        n.pending.clear();
        n.firstMediaUs = Long.MAX_VALUE;
        n.lastMediaUs = Long.MIN_VALUE;
    }

    private static String summary(Map<String, Long> byReason) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(byReason).forEach((r, c) -> sb.append(sb.length() == 0 ? "" : ", ").append(c).append(' ').append(r));
        return sb.toString();
    }

    private static final class NodeDrops {
        final StreamKey key;
        final Map<String, Long> pending = new HashMap<>();
        final Map<String, Long> sinceLog = new HashMap<>();
        long lastEventMs = Long.MIN_VALUE / 2;
        long lastLogMs = Long.MIN_VALUE / 2;
        boolean logged;
        long lastDropMs;
        long firstMediaUs = Long.MAX_VALUE;
        long lastMediaUs = Long.MIN_VALUE;
        String detail;

        NodeDrops(StreamKey key) {
            this.key = key;
        }

        String name() {
            return key == null ? "an unreadable record" : key.toString();
        }
    }
}
