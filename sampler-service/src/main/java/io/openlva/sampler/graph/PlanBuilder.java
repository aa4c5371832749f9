package io.openlva.sampler.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.model.FrameRateFilterProcessor;
import io.openlva.graph.model.GrpcExtension;
import io.openlva.graph.model.HttpExtension;
import io.openlva.graph.model.ImageFormat;
import io.openlva.graph.model.ImageScale;
import io.openlva.graph.model.ImageSpec;
import io.openlva.graph.model.MotionDetectionProcessor;
import io.openlva.graph.model.Node;
import io.openlva.graph.model.NodeInput;
import io.openlva.graph.model.NodeKind;
import io.openlva.graph.model.NodeRole;
import io.openlva.graph.model.OnnxExtension;
import io.openlva.graph.model.OwningService;
import io.openlva.graph.model.RtspSource;
import io.openlva.graph.model.SamplingOptions;
import io.openlva.sampler.flow.StreamPlan;
import io.openlva.sampler.flow.StreamPlan.ExtensionStep;
import io.openlva.sampler.flow.StreamPlan.MotionStep;
import io.openlva.sampler.flow.StreamPlan.RateStep;
import io.openlva.sampler.flow.StreamPlan.Step;
import io.openlva.sampler.image.ImageRequest;
import io.openlva.sampler.image.RawPixelFormat;
import io.openlva.sampler.image.ScaleGeometry;
import io.openlva.sampler.motion.MotionSettings;

/**
 * Finds, for each RtspSource of a resolved graph, the nodes the sampler runs for it: frame-rate filters and
 * motion detection reached from the source's video, and the extension nodes they (or the source directly)
 * feed. Extensions fed by another extension are the inference service's (it forwards annotated frames).
 */
public final class PlanBuilder {

    /** The kinds that pass the source's video on to what they feed: the sampler's own (rate filter, motion). */
    static final Set<NodeKind> FORWARDERS = NodeKind.ownedBy(OwningService.SAMPLER);
    /** The extensions the sampler prepares images for: the inference service's processors (they take video). */
    static final Set<NodeKind> EXTENSIONS = extensions();
    /** Every kind this builder makes a step for (PlanBuilderTest keeps it equal to what {@link #step} handles). */
    static final Set<NodeKind> KINDS = union(FORWARDERS, EXTENSIONS);

    private final int defaultJpegQuality;

    public PlanBuilder(int defaultJpegQuality) {
        this.defaultJpegQuality = defaultJpegQuality;
    }

    /** One plan per RtspSource of the instance; sources feeding nothing of ours get a plan without steps. */
    public Map<StreamKey, StreamPlan> plans(String instance, List<Node> nodes) {
        Map<String, Node> byName = new LinkedHashMap<>();
        nodes.forEach(n -> byName.put(n.name(), n));
        Map<StreamKey, StreamPlan> plans = new LinkedHashMap<>();
        for (Node n : nodes) {
            if (n instanceof RtspSource source) {
                StreamKey key = new StreamKey(instance, source.name());
                plans.put(key, new StreamPlan(key, steps(source.name(), byName)));
            }
        }
        return plans;
    }

    private List<Step> steps(String source, Map<String, Node> byName) {
        // forwarders: the source and the filters/motion nodes fed by it (grown to a fixed point);
        // then the extensions fed by any of them
        Set<String> forwarders = new LinkedHashSet<>();
        forwarders.add(source);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Node n : byName.values()) {
                if (!forwarders.contains(n.name()) && isForwarder(n) && !ourInputs(n, forwarders).isEmpty()) {
                    forwarders.add(n.name());
                    grew = true;
                }
            }
        }
        Set<String> reached = new LinkedHashSet<>(forwarders);
        for (Node n : byName.values()) {
            if (isExtension(n) && !ourInputs(n, forwarders).isEmpty()) {
                reached.add(n.name());
            }
        }
        // topological order, inputs before the nodes they feed
        List<Step> ordered = new ArrayList<>();
        Map<String, Boolean> done = new HashMap<>();
        done.put(source, true);
        for (String name : reached) {
            visit(name, byName, forwarders, done, ordered);
        }
        return ordered;
    }

    private void visit(String name, Map<String, Node> byName, Set<String> forwarders, Map<String, Boolean> done,
            List<Step> ordered) {
        Boolean state = done.get(name);
        if (state != null) {
            if (!state) {
                throw new IllegalStateException("cycle through node " + name);
            }
            return;
        }
        done.put(name, false);
        Node n = byName.get(name);
        List<String> inputs = ourInputs(n, forwarders);
        for (String i : inputs) {
            visit(i, byName, forwarders, done, ordered);
        }
        done.put(name, true);
        ordered.add(step(n, inputs, byName));
    }

    /** Inputs of {@code n} that carry video from the source or a filter/motion node fed by it. */
    private static List<String> ourInputs(Node n, Set<String> reached) {
        List<String> inputs = new ArrayList<>();
        for (NodeInput in : n.inputs()) {
            if (reached.contains(in.nodeName()) && in.passesMediaType("video")) {
                inputs.add(in.nodeName());
            }
        }
        return inputs;
    }

    private static boolean isForwarder(Node n) {
        return FORWARDERS.contains(n.kind());
    }

    private static boolean isExtension(Node n) {
        return EXTENSIONS.contains(n.kind());
    }

    private static Set<NodeKind> extensions() {
        Set<NodeKind> out = EnumSet.noneOf(NodeKind.class);
        for (NodeKind k : NodeKind.ownedBy(OwningService.INFERENCE)) {
            // extensions take video and pass it on; the object tracker and line crossing take inferences only
            if (k.role() == NodeRole.PROCESSOR && k.producesMedia()) {
                out.add(k);
            }
        }
        return Collections.unmodifiableSet(out);
    }

    private static Set<NodeKind> union(Set<NodeKind> a, Set<NodeKind> b) {
        Set<NodeKind> out = EnumSet.copyOf(a);
        out.addAll(b);
        return Collections.unmodifiableSet(out);
    }

    private Step step(Node n, List<String> inputs, Map<String, Node> byName) {
        if (n instanceof FrameRateFilterProcessor f) {
            return new RateStep(n.name(), inputs, f.maximumFps());
        }
        if (n instanceof MotionDetectionProcessor m) {
            return new MotionStep(n.name(), inputs,
                    MotionSettings.forSensitivity(m.sensitivity() == null ? null : m.sensitivity().name()),
                    m.outputMotionRegion(),
                    m.eventAggregationWindow() == null ? 0 : m.eventAggregationWindow().toNanos() / 1000);
        }
        boolean feedsTracker = byName.values().stream().anyMatch(d -> d.kind() == NodeKind.OBJECT_TRACKER
                && d.inputs().stream().anyMatch(in -> in.nodeName().equals(n.name())));
        if (n instanceof HttpExtension h) {
            return extension(n, inputs, h.image(), h.samplingOptions(), feedsTracker);
        }
        if (n instanceof GrpcExtension g) {
            return extension(n, inputs, g.image(), g.samplingOptions(), feedsTracker);
        }
        if (n instanceof OnnxExtension o) {
            return extension(n, inputs, o.image(), o.samplingOptions(), feedsTracker);
        }
        throw new IllegalArgumentException("not a sampler node: " + n.name());
    }

    private ExtensionStep extension(Node node, List<String> inputs, ImageSpec image, SamplingOptions sampling,
            boolean feedsTracker) {
        SamplingOptions s = sampling == null ? SamplingOptions.DEFAULT : sampling;
        Double rate = s.maximumSamplesPerSecond();
        if (rate != null && !(rate > 0)) {
            rate = null; // LVA: 0 or absent means no limit
        }
        return new ExtensionStep(node.name(), node.kind(), inputs, imageRequest(image), rate,
                s.skipSamplesWithoutAnnotation(), feedsTracker);
    }

    ImageRequest imageRequest(ImageSpec spec) {
        ImageSpec image = spec == null ? ImageSpec.DEFAULT : spec;
        ImageScale scale = image.scale();
        ScaleGeometry.Mode mode = ScaleGeometry.Mode.NONE;
        Integer width = null;
        Integer height = null;
        if (scale != null && (scale.width() != null || scale.height() != null)) {
            mode = switch (scale.mode() == null ? io.openlva.graph.model.ScaleMode.PRESERVE_ASPECT_RATIO : scale.mode()) {
                case PRESERVE_ASPECT_RATIO -> ScaleGeometry.Mode.PRESERVE_ASPECT_RATIO;
                case PAD -> ScaleGeometry.Mode.PAD;
                case STRETCH -> ScaleGeometry.Mode.STRETCH;
            };
            width = scale.width();
            height = scale.height();
        }
        ImageFormat f = image.format();
        ImageRequest.Encoding encoding = switch (f.encoding() == null ? io.openlva.graph.model.ImageEncoding.JPEG : f.encoding()) {
            case JPEG -> ImageRequest.Encoding.JPEG;
            case BMP -> ImageRequest.Encoding.BMP;
            case PNG -> ImageRequest.Encoding.PNG;
            case RAW -> ImageRequest.Encoding.RAW;
        };
        RawPixelFormat pixelFormat = f.pixelFormat() == null ? null : RawPixelFormat.fromLvaName(f.pixelFormat().lvaName());
        if (encoding == ImageRequest.Encoding.RAW && pixelFormat == null) {
            pixelFormat = RawPixelFormat.RGB24;
        }
        int quality = f.quality() == null ? defaultJpegQuality : f.quality();
        return new ImageRequest(mode, width, height, encoding, quality, pixelFormat);
    }
}
