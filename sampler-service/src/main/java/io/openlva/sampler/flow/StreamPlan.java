package io.openlva.sampler.flow;

import java.util.List;
import java.util.Objects;

import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.model.NodeKind;
import io.openlva.sampler.image.ImageRequest;
import io.openlva.sampler.motion.MotionSettings;

/**
 * What one stream ({@code instance/sourceNode}) feeds, as steps in topological order. A step's inputs name
 * other steps or the source node itself. Plans are values: an unchanged graph gives an equal plan, so a
 * stream keeps its sampling state across graph updates that do not concern it.
 */
public record StreamPlan(StreamKey stream, List<Step> steps) {

    public StreamPlan {
        Objects.requireNonNull(stream, "stream");
        steps = List.copyOf(steps);
    }

    public String sourceNode() {
        return stream.node();
    }

    public String instance() {
        return stream.instance();
    }

    public sealed interface Step permits RateStep, MotionStep, ExtensionStep {
        String name();

        List<String> inputs();
    }

    /** LVA 1.0 FrameRateFilterProcessor. */
    public record RateStep(String name, List<String> inputs, double maximumFps) implements Step {
        public RateStep {
            inputs = List.copyOf(inputs);
        }
    }

    /** MotionDetectionProcessor. */
    public record MotionStep(String name, List<String> inputs, MotionSettings settings, boolean outputMotionRegion,
            long aggregationWindowUs) implements Step {
        public MotionStep {
            inputs = List.copyOf(inputs);
        }
    }

    /**
     * An extension node (HTTP, gRPC, ONNX): its images and its samplingOptions.
     *
     * @param kind the node's kind: whether its frames may be spread over the frames topic's partitions
     * @param maximumSamplesPerSecond null: every frame that reaches it
     * @param feedsTracker an object tracker follows it: it gets every frame that reaches it, those its sampling
     *     does not select time-only ({@link io.openlva.graph.contract.MediaFrame#timeOnly}), all on its stream's
     *     partition, so the tracker moves its tracks on the frames between detections
     */
    public record ExtensionStep(String name, NodeKind kind, List<String> inputs, ImageRequest image,
            Double maximumSamplesPerSecond, boolean skipSamplesWithoutAnnotation, boolean feedsTracker) implements Step {
        public ExtensionStep {
            Objects.requireNonNull(kind, "kind");
            inputs = List.copyOf(inputs);
        }

        public ExtensionStep(String name, NodeKind kind, List<String> inputs, ImageRequest image,
                Double maximumSamplesPerSecond, boolean skipSamplesWithoutAnnotation) {
            this(name, kind, inputs, image, maximumSamplesPerSecond, skipSamplesWithoutAnnotation, false);
        }

        /**
         * Frames keyed per frame (any inference replica) unless the node, or the tracker it feeds, needs the
         * stream in order.
         */
        public boolean spread() {
            return !kind.needsStreamOrder() && !feedsTracker;
        }
    }
}
