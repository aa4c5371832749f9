package io.openlva.recorder.graph;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jboss.logging.Logger;

import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.model.AssetSink;
import io.openlva.graph.model.FileSink;
import io.openlva.graph.model.Node;
import io.openlva.graph.model.NodeInput;
import io.openlva.graph.model.NodeKind;
import io.openlva.graph.model.NodeRole;
import io.openlva.graph.model.OwningService;
import io.openlva.graph.model.RtspSource;
import io.openlva.graph.model.SignalGateProcessor;
import io.openlva.graph.resolve.ResolvedGraph;
import io.openlva.recorder.gate.GateSettings;
import io.openlva.recorder.sink.SafePaths;
import io.openlva.recorder.stream.GatePlan;
import io.openlva.recorder.stream.SinkPlan;
import io.openlva.recorder.stream.StreamPlan;

/**
 * Turns active graphs into what the recorder does per source stream: a FileSink/AssetSink after a
 * SignalGateProcessor records gate activations (EVR); one that follows the source directly records
 * continuously (CVR). A sink whose settings cannot be used is skipped with a logged reason; the rest still run.
 */
public final class RecordingPlans {

    private static final Logger LOG = Logger.getLogger(RecordingPlans.class);
    /** The node kinds this service runs, from the one ownership table: SignalGateProcessor, FileSink, AssetSink. */
    static final Set<NodeKind> KINDS = NodeKind.ownedBy(OwningService.RECORDER);
    private static final long MIB = 1024L * 1024L;

    /** Settings that do not come from topologies. */
    /**
     * @param allowedDirectories a FileSink's baseDirectoryPath must be one of these or below one (the recordings
     *        volume): a topology cannot make the recorder write to {@code /} or {@code /etc}
     */
    public record Defaults(Path assetBaseDirectory, Duration continuousFileSegmentLength,
            Duration continuousAssetSegmentLength, List<Path> allowedDirectories) {

        public static final Path RECORDINGS_VOLUME = Path.of("/var/media");

        public Defaults {
            allowedDirectories = allowedDirectories.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        }

        public Defaults(Path assetBaseDirectory, Duration continuousFileSegmentLength,
                Duration continuousAssetSegmentLength) {
            this(assetBaseDirectory, continuousFileSegmentLength, continuousAssetSegmentLength,
                    List.of(RECORDINGS_VOLUME));
        }

        /** The base directory if it is inside the allow-list, else an IllegalArgumentException naming the list. */
        Path allowed(Path base) {
            for (Path a : allowedDirectories) {
                if (base.startsWith(a) && base.getNameCount() > 0) {
                    return base;
                }
            }
            throw new IllegalArgumentException("baseDirectoryPath " + base + " is outside the recorder's allowed "
                    + "directories " + allowedDirectories + " (openlva.recorder.allowed-directories)");
        }
    }

    private RecordingPlans() {
    }

    public static List<StreamPlan> of(List<ResolvedGraph> graphs, Defaults defaults) {
        List<StreamPlan> out = new ArrayList<>();
        for (ResolvedGraph g : graphs) {
            out.addAll(of(g, defaults));
        }
        return out;
    }

    public static List<StreamPlan> of(ResolvedGraph graph, Defaults defaults) {
        return of(graph, defaults, new ArrayList<>());
    }

    /**
     * The plans of one graph; each recorder node that cannot be recorded adds its reason to {@code notRecorded}
     * (and is logged), the others are still planned.
     */
    public static List<StreamPlan> of(ResolvedGraph graph, Defaults defaults, List<String> notRecorded) {
        String instance = graph.instanceName();
        Map<String, List<GatePlan>> gates = new LinkedHashMap<>();
        Map<String, List<SinkPlan>> continuous = new LinkedHashMap<>();
        Map<String, List<SinkPlan>> sinksByGate = new LinkedHashMap<>();
        for (Node n : graph.nodes()) {
            if (!KINDS.contains(n.kind()) || n.kind().role() != NodeRole.SINK) {
                continue;
            }
            for (NodeInput in : n.inputs()) {
                Optional<Node> upstream = graph.node(in.nodeName());
                if (upstream.isEmpty()) {
                    continue;
                }
                if (upstream.get().kind() != NodeKind.RTSP_SOURCE && !(upstream.get() instanceof SignalGateProcessor)) {
                    // an inference input of AVA's VideoSink: the media is recorded, the metadata track is not (yet)
                    refuse(notRecorded, instance, n.name(), "recording the inferences of '" + upstream.get().name()
                            + "' beside the video is not supported");
                    continue;
                }
                boolean gated = upstream.get() instanceof SignalGateProcessor;
                SinkPlan sink;
                try {
                    sink = sinkPlan(instance, n, gated, defaults);
                } catch (IllegalArgumentException e) {
                    refuse(notRecorded, instance, n.name(), e.getMessage());
                    continue;
                }
                if (gated) {
                    sinksByGate.computeIfAbsent(upstream.get().name(), k -> new ArrayList<>()).add(sink);
                } else {
                    Optional<RtspSource> source = graph.sourceOf(upstream.get().name());
                    if (source.isEmpty()) {
                        refuse(notRecorded, instance, n.name(), "no RTSP source upstream");
                        continue;
                    }
                    continuous.computeIfAbsent(source.get().name(), k -> new ArrayList<>()).add(sink);
                }
            }
        }
        sinksByGate.forEach((gateName, sinks) -> {
            SignalGateProcessor gate = (SignalGateProcessor) graph.node(gateName).orElseThrow();
            Optional<RtspSource> source = graph.sourceOf(gateName);
            if (source.isEmpty()) {
                refuse(notRecorded, instance, gateName, "no RTSP source feeds the gate");
                return;
            }
            GateSettings settings;
            try {
                settings = GateSettings.of(gate.activationEvaluationWindow(), gate.activationSignalOffset(),
                        gate.minimumActivationTime(), gate.maximumActivationTime());
            } catch (IllegalArgumentException e) {
                refuse(notRecorded, instance, gateName, e.getMessage());
                return;
            }
            Set<String> eventInputs = new LinkedHashSet<>();
            for (NodeInput in : gate.inputs()) {
                graph.node(in.nodeName()).filter(u -> u.kind() != NodeKind.RTSP_SOURCE)
                        .ifPresent(u -> eventInputs.add(u.name()));
            }
            gates.computeIfAbsent(source.get().name(), k -> new ArrayList<>())
                    .add(new GatePlan(instance, gateName, eventInputs, settings, sinks));
        });
        Set<String> sources = new LinkedHashSet<>(gates.keySet());
        sources.addAll(continuous.keySet());
        List<StreamPlan> out = new ArrayList<>();
        for (String s : sources) {
            out.add(new StreamPlan(new StreamKey(instance, s), gates.getOrDefault(s, List.of()),
                    continuous.getOrDefault(s, List.of())));
        }
        return out;
    }

    private static void refuse(List<String> notRecorded, String instance, String node, String why) {
        LOG.errorf("%s/%s: not recorded: %s", instance, node, why);
        notRecorded.add(node + ": " + why);
    }

    private static SinkPlan sinkPlan(String instance, Node n, boolean gated, Defaults d) {
        if (n instanceof FileSink f) {
            Path base = d.allowed(SafePaths.baseDirectory(f.baseDirectoryPath()));
            checkPattern(f.fileNamePattern(), "fileNamePattern");
            return new SinkPlan(instance, f.name(), SinkPlan.Kind.FILE, base, f.fileNamePattern(),
                    bytes(f.maximumSizeMiB()),
                    gated ? null : d.continuousFileSegmentLength());
        }
        AssetSink a = (AssetSink) n;
        checkPattern(a.assetNamePattern(), "assetNamePattern");
        Duration segment = a.segmentLength() != null ? a.segmentLength() : gated ? null : d.continuousAssetSegmentLength();
        return new SinkPlan(instance, a.name(), SinkPlan.Kind.ASSET, d.assetBaseDirectory(), a.assetNamePattern(),
                bytes(a.localMediaCacheMaximumSizeMiB()), segment);
    }

    /** MiB to bytes, saturating: a huge maximumSizeMiB is no limit, never a negative budget that deletes everything. */
    static Long bytes(Long mib) {
        if (mib == null) {
            return null;
        }
        if (mib < 0) {
            throw new IllegalArgumentException("a size in MiB cannot be negative: " + mib);
        }
        return mib > Long.MAX_VALUE / MIB ? Long.MAX_VALUE : mib * MIB;
    }

    /** Refuses, before anything runs, a pattern that could never name a file inside the base directory. */
    private static void checkPattern(String pattern, String property) {
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException(property + " is empty");
        }
        SafePaths.resolve(Path.of("/base"), pattern.replace("${", "x").replace("}", "x"));
    }
}
