package io.openlva.inference.frames;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongConsumer;

import org.jboss.logging.Logger;

import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.follow.GraphFollower;
import io.openlva.graph.follow.GraphSnapshot;
import io.openlva.graph.model.ExtensionNode;
import io.openlva.graph.model.GrpcExtension;
import io.openlva.graph.model.HttpExtension;
import io.openlva.graph.model.Node;
import io.openlva.graph.model.NodeInput;
import io.openlva.graph.model.NodeKind;
import io.openlva.graph.model.OnnxExtension;
import io.openlva.graph.model.OwningService;
import io.openlva.graph.model.SamplingOptions;
import io.openlva.graph.resolve.ResolvedGraph;
import io.openlva.inference.grpc.GrpcExtensionRunner;
import io.openlva.inference.http.HttpExtensionRunner;
import io.openlva.inference.node.NodeRunner;
import io.openlva.inference.onnx.ModelCache;
import io.openlva.inference.onnx.OnnxExtensionRunner;
import io.openlva.inference.status.InstanceReports;

/**
 * Which node a frame is for: the extension nodes of the active graphs (followed from the graph topics), each with
 * its runner, by {@code instance/node}. Runners are rebuilt only when their node changes.
 */
public final class NodeDirectory implements GraphFollower.Listener, Function<StreamKey, NodeRunner>, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(NodeDirectory.class);

    /** The node kinds this service runs, from the one ownership table. */
    public static final Set<NodeKind> KINDS = NodeKind.ownedBy(OwningService.INFERENCE);

    private record Entry(Node node, NodeRunner runner) {
    }

    private final ModelCache models;
    private final HttpExtensionRunner.Settings httpSettings;
    private final GrpcExtensionRunner.Settings grpcSettings;
    private final LongConsumer modelTime;
    private final Map<StreamKey, Entry> entries = new ConcurrentHashMap<>();
    /** AI composition: extension -> the extensions it feeds video to. */
    private volatile Map<StreamKey, List<Downstream>> downstream = Map.of();

    /**
     * An extension fed by another: it receives the frames the upstream extension annotated (all of them when it
     * does not skip samples without annotation), with the upstream inferences, at most its own
     * {@code maximumSamplesPerSecond} of them per stream (0: no limit).
     */
    public record Downstream(StreamKey node, boolean onlyAnnotated, double maximumSamplesPerSecond) {
    }

    /** The reason of a chained extension refused for asking another image than its upstream's. */
    static final String IMAGE_MISMATCH = "image-mismatch";

    private InstanceReports reports;

    public NodeDirectory(ModelCache models, HttpExtensionRunner.Settings httpSettings,
            GrpcExtensionRunner.Settings grpcSettings, LongConsumer modelTime) {
        this.models = models;
        this.httpSettings = httpSettings;
        this.grpcSettings = grpcSettings;
        this.modelTime = modelTime;
    }

    @Override
    public NodeRunner apply(StreamKey key) {
        Entry e = entries.get(key);
        return e == null ? null : e.runner();
    }

    public Set<StreamKey> keys() {
        return Set.copyOf(entries.keySet());
    }

    @Override
    public synchronized void onChange(GraphSnapshot snapshot) {
        update(snapshot.activeGraphs());
        if (reports != null) {
            reports.graphChanged(snapshot, cannotRun());
        }
    }

    /** Reports what this directory did with each instance after every graph change. */
    public synchronized void reportTo(InstanceReports reports) {
        this.reports = reports;
    }

    /** Instance name -> why one of its nodes cannot run (the first such node). */
    private Map<String, String> cannotRun() {
        Map<String, String> why = new HashMap<>();
        entries.forEach((key, e) -> {
            if (e.runner() instanceof NodeRunner.Unavailable u) {
                why.putIfAbsent(key.instance(), u.detail());
            }
        });
        return why;
    }

    public synchronized void update(List<ResolvedGraph> activeGraphs) {
        Map<StreamKey, Node> wanted = new HashMap<>();
        for (ResolvedGraph g : activeGraphs) {
            for (Node n : g.nodes()) {
                if (KINDS.contains(n.kind())) {
                    wanted.put(new StreamKey(g.instanceName(), n.name()), n);
                }
            }
        }
        Map<StreamKey, String> mismatched = imageMismatches(wanted);
        for (StreamKey gone : new HashSet<>(entries.keySet())) {
            Entry e = entries.get(gone);
            boolean refused = e.runner() instanceof NodeRunner.Unavailable u && u.reason().equals(IMAGE_MISMATCH);
            if (!e.node().equals(wanted.get(gone)) || refused != mismatched.containsKey(gone)) {
                entries.remove(gone);
                e.runner().close();
                LOG.infof("node %s stopped", gone);
            }
        }
        wanted.forEach((key, node) -> entries.computeIfAbsent(key, k -> new Entry(node, mismatched.containsKey(k)
                ? new NodeRunner.Unavailable(IMAGE_MISMATCH, mismatched.get(k)) : runnerFor(k, node))));
        Map<StreamKey, List<Downstream>> fed = new HashMap<>();
        wanted.forEach((key, node) -> {
            for (NodeInput in : node.inputs()) {
                StreamKey up = new StreamKey(key.instance(), in.nodeName());
                if (wanted.containsKey(up) && in.passesMediaType("video")) {
                    SamplingOptions s = node instanceof ExtensionNode x ? x.sampling() : SamplingOptions.DEFAULT;
                    fed.computeIfAbsent(up, k -> new ArrayList<>()).add(new Downstream(key, s.skipSamplesWithoutAnnotation(),
                            s.maximumSamplesPerSecond() == null ? 0 : s.maximumSamplesPerSecond()));
                }
            }
        });
        downstream = Map.copyOf(fed);
    }

    /**
     * AI composition forwards the upstream extension's image as it is (no second scaling): an extension fed by one
     * whose image settings differ cannot run here, and its instance is refused at activation, naming both nodes.
     */
    private static Map<StreamKey, String> imageMismatches(Map<StreamKey, Node> wanted) {
        Map<StreamKey, String> out = new HashMap<>();
        wanted.forEach((key, node) -> {
            for (NodeInput in : node.inputs()) {
                Node up = wanted.get(new StreamKey(key.instance(), in.nodeName()));
                if (up instanceof ExtensionNode u && node instanceof ExtensionNode d && u.image() != null && d.image() != null
                        && !u.image().equals(d.image())) {
                    out.put(key, "the extension '" + node.name() + "' is fed by the extension '" + up.name()
                            + "' and receives its frames as they are (AI composition): its image scale and format must be"
                            + " the same as those of '" + up.name() + "'");
                }
            }
        });
        return out;
    }

    /** The extensions {@code node} feeds (AI composition); empty for most. */
    public List<Downstream> downstream(StreamKey node) {
        return downstream.getOrDefault(node, List.of());
    }

    private NodeRunner runnerFor(StreamKey key, Node node) {
        try {
            NodeRunner runner;
            if (node instanceof OnnxExtension onnx) {
                runner = OnnxExtensionRunner.of(onnx, models, modelTime);
            } else if (node instanceof HttpExtension http) {
                runner = new HttpExtensionRunner(http, httpSettings, Clock.systemUTC());
            } else if (node instanceof GrpcExtension grpc) {
                runner = new GrpcExtensionRunner(key.instance(), grpc, grpcSettings);
            } else {
                throw new IllegalStateException("not an extension node: " + node.kind());
            }
            LOG.infof("node %s (%s) ready", key, node.kind());
            return runner;
        } catch (RuntimeException e) {
            // Messages here never carry credentials: endpoints are logged masked.
            LOG.errorf("node %s (%s) cannot run: %s", key, node.kind(), e.getMessage());
            return new NodeRunner.Unavailable("node-failed", "node " + key + " cannot run: " + e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        entries.values().forEach(e -> e.runner().close());
        entries.clear();
    }
}
