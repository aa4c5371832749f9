package io.openlva.inference.frames;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.Json;
import io.openlva.graph.contract.MediaFrame;
import io.openlva.inference.http.ExtensionResponses;
import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.contract.Subjects;
import io.openlva.inference.image.ImageFormatException;
import io.openlva.inference.node.DiagnosticException;
import io.openlva.inference.node.FrameDroppedException;
import io.openlva.inference.node.NodeRunner;

/**
 * One frame through its node: drop it when no active node owns it or when older than the latency budget, else run
 * the node and publish the LVA inference event (none when nothing was found). Every event carries the frame's
 * media time: a stream's frames are spread over partitions and replicas, so consumers order by it, not by arrival.
 * Nothing here keeps per-stream state. Drops go to {@link DropReports} (metric, log line, DataDropped event).
 */
public final class FrameProcessor {

    /** What happened to a frame. */
    public enum Outcome { EVENT, NOTHING_FOUND, DROPPED }

    private final Function<StreamKey, NodeRunner> nodes;
    private final Function<StreamKey, List<NodeDirectory.Downstream>> downstream;
    private final Consumer<GraphEvent> publisher;
    private final InferenceMetrics metrics;
    private final Duration latencyBudget;
    private final Clock clock;
    private final DropReports drops;
    /** AI composition: media time of the last frame forwarded to each downstream extension, per stream. */
    private final Map<String, Long> lastForwardedUs = new java.util.concurrent.ConcurrentHashMap<>();

    /** @param downstream the extensions each extension feeds (AI composition) */
    public FrameProcessor(Function<StreamKey, NodeRunner> nodes, Function<StreamKey, List<NodeDirectory.Downstream>> downstream,
            Consumer<GraphEvent> publisher, InferenceMetrics metrics, Duration latencyBudget, Clock clock, DropReports drops) {
        this.nodes = nodes;
        this.downstream = downstream;
        this.publisher = publisher;
        this.metrics = metrics;
        this.latencyBudget = latencyBudget;
        this.clock = clock;
        this.drops = drops;
    }

    public Outcome process(MediaFrame frame) {
        metrics.frameIn();
        NodeRunner runner = nodes.apply(frame.key());
        if (runner == null) {
            // the node's graph was deactivated or changed after the frame was sampled: no event for a node that is gone
            drops.dropped(frame.key(), "no-active-node", frame.mediaTimeUs(),
                    "no active extension node " + frame.key(), false);
            return Outcome.DROPPED;
        }
        long now = clock.millis();
        if (frame.captureTimeMs() > 0 && now - frame.captureTimeMs() > latencyBudget.toMillis()) {
            return drop("too-old", frame, "frame at media time " + frame.mediaTimeUs() + " us is " + (now - frame.captureTimeMs())
                    + " ms old, over the latency budget of " + latencyBudget.toMillis() + " ms", null);
        }
        Optional<ObjectNode> body;
        try {
            body = runner.infer(frame);
            metrics.processed();
        } catch (DiagnosticException e) {
            ObjectNode diagnostic = Json.mapper().createObjectNode();
            diagnostic.put("errorCode", e.errorCode());
            diagnostic.put("errorDetails", e.getMessage());
            StreamKey key = frame.key();
            publisher.accept(GraphEvent.of(null, key.instance(), Subjects.processor(key.instance(), key.node()),
                    e.eventType(), frame.mediaTimeUs(), diagnostic));
            return drop(e.reason(), frame, e.getMessage(), null);
        } catch (FrameDroppedException e) {
            return drop(e.reason(), frame, e.getMessage(), null);
        } catch (ImageFormatException e) {
            return drop("bad-image", frame, "frame at media time " + frame.mediaTimeUs() + " us: " + e.getMessage(), null);
        } catch (RuntimeException e) {
            return drop("node-error", frame, "node failed on the frame at media time " + frame.mediaTimeUs() + " us: " + e, e);
        }
        if (body.isEmpty()) {
            forward(frame, body);
            return Outcome.NOTHING_FOUND;
        }
        StreamKey key = frame.key();
        GraphEvent event = GraphEvent.of(null, key.instance(), Subjects.processor(key.instance(), key.node()),
                EventTypes.INFERENCE, frame.mediaTimeUs(), body.get());
        publisher.accept(event);
        metrics.eventOut(frame.captureTimeMs() > 0 ? clock.millis() - frame.captureTimeMs() : 0);
        forward(frame, body); // the upstream's event first, as the frame passed it first
        return Outcome.EVENT;
    }

    /**
     * AI composition: the frame goes on, as it is, to the extensions this one feeds — only when this one found
     * something if they skip samples without annotation — carrying the inferences so far (the frame's own, e.g. the
     * sampler's motion regions, then this node's). A gRPC extension gets them in the sample's inferences; an HTTP
     * extension gets the image only, as in LVA.
     */
    /**
     * The downstream extension's own {@code maximumSamplesPerSecond}, by media time per stream (a frame older than
     * the last one forwarded starts the count afresh: a restarted camera, or frames shared by replicas).
     */
    private boolean sampled(NodeDirectory.Downstream d, MediaFrame frame) {
        if (d.maximumSamplesPerSecond() <= 0) {
            return true;
        }
        String stream = d.node() + "<" + frame.sourceNode();
        Long last = lastForwardedUs.get(stream);
        long interval = (long) (1_000_000 / d.maximumSamplesPerSecond());
        if (last != null && frame.mediaTimeUs() >= last && frame.mediaTimeUs() - last < interval) {
            return false;
        }
        lastForwardedUs.put(stream, frame.mediaTimeUs());
        return true;
    }

    private void forward(MediaFrame frame, Optional<ObjectNode> body) {
        List<NodeDirectory.Downstream> next = downstream.apply(frame.key());
        if (next.isEmpty()) {
            return;
        }
        ArrayNode inferences = Json.mapper().createArrayNode();
        if (frame.inferencesJson() != null) {
            Json.read(frame.inferencesJson()).forEach(inferences::add);
        }
        // the LVA view of the answer (an HTTP extension's body is passed on as it came, e.g. Custom Vision's)
        body.ifPresent(b -> ExtensionResponses.inferences(b, frame.width(), frame.height()).forEach(inferences::add));
        for (NodeDirectory.Downstream d : next) {
            if (body.isEmpty() && d.onlyAnnotated() || !sampled(d, frame)) {
                continue;
            }
            process(new MediaFrame(d.node(), frame.sourceNode(), frame.mediaTimeUs(), frame.captureTimeMs(),
                    frame.contentType(), frame.pixelFormat(), frame.width(), frame.height(), frame.sourceWidth(),
                    frame.sourceHeight(), frame.scaleMode(), inferences.isEmpty() ? null : inferences.toString(), frame.data()));
        }
    }

    /**
     * A record that is not a frame (unreadable key or headers): counted and logged like any drop, no event.
     *
     * @param recordKey the record's key, to count it under its node when that part is readable
     */
    public void malformed(String recordKey, String where, RuntimeException e) {
        metrics.frameIn();
        StreamKey key;
        try {
            key = StreamKey.parse(MediaFrame.streamPart(recordKey));
        } catch (RuntimeException notAKey) {
            key = null;
        }
        drops.dropped(key, "bad-record", -1, "malformed frame record at " + where + ": " + e.getMessage(), false);
    }

    /** Sends the DataDropped events that are due; called by the frame loop on every poll. */
    public void flush() {
        drops.flush();
    }

    private Outcome drop(String reason, MediaFrame frame, String message, Throwable failure) {
        drops.dropped(frame.key(), reason, frame.mediaTimeUs(), message, true, failure);
        return Outcome.DROPPED;
    }
}
