package io.openlva.inference.frames;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.MediaFrame;
import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.contract.Subjects;
import io.openlva.inference.image.ImageFormatException;
import io.openlva.inference.node.FrameDroppedException;
import io.openlva.inference.node.NodeRunner;

/**
 * One frame through its node: drop it when older than the latency budget or when no active node owns it, else run
 * the node and publish the LVA inference event (none when nothing was found).
 */
public final class FrameProcessor {

    private static final Logger LOG = Logger.getLogger(FrameProcessor.class);

    /** What happened to a frame. */
    public enum Outcome { EVENT, NOTHING_FOUND, DROPPED }

    private final Function<StreamKey, NodeRunner> nodes;
    private final Consumer<GraphEvent> publisher;
    private final InferenceMetrics metrics;
    private final Duration latencyBudget;
    private final Clock clock;
    private final LogLimiter logLimiter = new LogLimiter(Duration.ofSeconds(10));

    public FrameProcessor(Function<StreamKey, NodeRunner> nodes, Consumer<GraphEvent> publisher, InferenceMetrics metrics,
            Duration latencyBudget, Clock clock) {
        this.nodes = nodes;
        this.publisher = publisher;
        this.metrics = metrics;
        this.latencyBudget = latencyBudget;
        this.clock = clock;
    }

    public Outcome process(MediaFrame frame) {
        metrics.frameIn();
        long now = clock.millis();
        if (frame.captureTimeMs() > 0 && now - frame.captureTimeMs() > latencyBudget.toMillis()) {
            return drop("too-old", frame, "frame " + frame.key() + " is " + (now - frame.captureTimeMs())
                    + " ms old, over the latency budget of " + latencyBudget.toMillis() + " ms");
        }
        NodeRunner runner = nodes.apply(frame.key());
        if (runner == null) {
            return drop("no-active-node", frame, "no active OnnxExtension/HttpExtension node " + frame.key());
        }
        Optional<ObjectNode> body;
        try {
            body = runner.infer(frame);
            metrics.processed();
        } catch (FrameDroppedException e) {
            return drop(e.reason(), frame, e.getMessage());
        } catch (ImageFormatException e) {
            return drop("bad-image", frame, "frame " + frame.key() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "node %s failed on a frame", frame.key());
            return drop("error", frame, null);
        }
        if (body.isEmpty()) {
            return Outcome.NOTHING_FOUND;
        }
        StreamKey key = frame.key();
        GraphEvent event = GraphEvent.of(null, key.instance(), Subjects.processor(key.instance(), key.node()),
                EventTypes.INFERENCE, frame.mediaTimeUs(), body.get());
        publisher.accept(event);
        metrics.eventOut(frame.captureTimeMs() > 0 ? clock.millis() - frame.captureTimeMs() : 0);
        return Outcome.EVENT;
    }

    private Outcome drop(String reason, MediaFrame frame, String message) {
        metrics.dropped(reason);
        if (message != null && logLimiter.allow(reason + "/" + frame.key())) {
            LOG.warnf("frame dropped (%s): %s", reason, message);
        }
        return Outcome.DROPPED;
    }

    /** At most one log line per key and period, so a dead extension does not flood the log. */
    static final class LogLimiter {
        private final long periodMs;
        private final java.util.Map<String, Long> last = new java.util.concurrent.ConcurrentHashMap<>();

        LogLimiter(Duration period) {
            this.periodMs = period.toMillis();
        }

        boolean allow(String key) {
            long now = System.currentTimeMillis();
            Long prev = last.get(key);
            if (prev != null && now - prev < periodMs) {
                return false;
            }
            last.put(key, now);
            return true;
        }
    }
}
