package io.openlva.graph.model;

import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every node kind OpenLVA knows, with all its {@code @type} spellings: the one type-name table for LVA 1.0/2.0
 * ({@code #Microsoft.Media.MediaGraph*}), AVA 1.x ({@code #Microsoft.VideoAnalyzer.*}) and our own kinds.
 */
public enum NodeKind {
    RTSP_SOURCE(NodeRole.SOURCE, OwningService.INGEST, true, false, lva("RtspSource"), ava("RtspSource")),
    IOT_HUB_MESSAGE_SOURCE(NodeRole.SOURCE, OwningService.HUB_BRIDGE, false, true, lva("IoTHubMessageSource"), ava("IotHubMessageSource")),
    MOTION_DETECTION(NodeRole.PROCESSOR, OwningService.SAMPLER, true, true, lva("MotionDetectionProcessor"), ava("MotionDetectionProcessor")),
    /** LVA 1.0 only. */
    FRAME_RATE_FILTER(NodeRole.PROCESSOR, OwningService.SAMPLER, true, false, lva("FrameRateFilterProcessor")),
    HTTP_EXTENSION(NodeRole.PROCESSOR, OwningService.INFERENCE, true, true, lva("HttpExtension"), ava("HttpExtension")),
    GRPC_EXTENSION(NodeRole.PROCESSOR, OwningService.INFERENCE, true, true, lva("GrpcExtension"), ava("GrpcExtension")),
    /** OpenLVA's built-in ONNX Runtime extension. */
    ONNX_EXTENSION(NodeRole.PROCESSOR, OwningService.INFERENCE, true, true, Flavor.OPENLVA.type("OnnxExtension")),
    COGNITIVE_SERVICES_VISION(NodeRole.PROCESSOR, null, true, true,
            lva("CognitiveServicesVisionExtension"), ava("CognitiveServicesVisionProcessor")),
    /** AVA only. */
    OBJECT_TRACKER(NodeRole.PROCESSOR, OwningService.INFERENCE, false, true, ava("ObjectTrackingProcessor")),
    /** AVA only. */
    LINE_CROSSING(NodeRole.PROCESSOR, OwningService.INFERENCE, false, true, ava("LineCrossingProcessor")),
    SIGNAL_GATE(NodeRole.PROCESSOR, OwningService.RECORDER, true, false, lva("SignalGateProcessor"), ava("SignalGateProcessor")),
    FILE_SINK(NodeRole.SINK, OwningService.RECORDER, false, false, lva("FileSink"), ava("FileSink")),
    /** LVA AssetSink and AVA VideoSink: both record to local storage in OpenLVA. */
    ASSET_SINK(NodeRole.SINK, OwningService.RECORDER, false, false, lva("AssetSink"), ava("VideoSink")),
    IOT_HUB_MESSAGE_SINK(NodeRole.SINK, OwningService.HUB_BRIDGE, false, false, lva("IoTHubMessageSink"), ava("IotHubMessageSink"));

    private static final Map<String, NodeKind> BY_TYPE = new HashMap<>();

    static {
        for (NodeKind k : values()) {
            for (String t : k.typeNames) {
                BY_TYPE.put(t.toLowerCase(Locale.ROOT), k);
            }
        }
    }

    private final NodeRole role;
    private final OwningService owner;
    private final boolean producesMedia;
    private final boolean producesEvents;
    private final List<String> typeNames;

    NodeKind(NodeRole role, OwningService owner, boolean producesMedia, boolean producesEvents, String... typeNames) {
        this.role = role;
        this.owner = owner;
        this.producesMedia = producesMedia;
        this.producesEvents = producesEvents;
        this.typeNames = List.of(typeNames);
    }

    private static String lva(String base) {
        return Flavor.MEDIA_GRAPH.type(base);
    }

    private static String ava(String base) {
        return Flavor.VIDEO_ANALYZER.type(base);
    }

    /** All {@code @type} spellings, LVA first. */
    public List<String> typeNames() {
        return typeNames;
    }

    public NodeRole role() {
        return role;
    }

    /**
     * The service that runs nodes of this kind; empty when OpenLVA does not run the kind yet, so activation
     * refuses it by name ({@code NodeKindNotSupported}).
     */
    public Optional<OwningService> owner() {
        return Optional.ofNullable(owner);
    }

    /**
     * Whether the node must see its stream's frames in media-time order on one consumer: a tracker, line
     * crossing and the gRPC extension (one protocol session per stream and node). Frames for the other extension kinds
     * are spread over the frames topic's partitions so inference replicas share one camera.
     */
    public boolean needsStreamOrder() {
        return this == GRPC_EXTENSION || this == OBJECT_TRACKER || this == LINE_CROSSING;
    }

    /** Whether some OpenLVA service runs this kind. */
    public boolean runnable() {
        return owner != null;
    }

    /** The kinds a service runs. */
    public static Set<NodeKind> ownedBy(OwningService service) {
        Set<NodeKind> out = EnumSet.noneOf(NodeKind.class);
        for (NodeKind k : values()) {
            if (k.owner == service) {
                out.add(k);
            }
        }
        return Collections.unmodifiableSet(out);
    }

    /**
     * Whether the node passes media (video/audio samples) downstream. Extensions do: LVA 2.0 chains them
     * ("AI composition": one extension fed by another).
     */
    public boolean producesMedia() {
        return producesMedia;
    }

    /** Whether the node emits events (inferences, motion, hub messages) that other nodes can consume. */
    public boolean producesEvents() {
        return producesEvents;
    }

    /** The spelling of this kind in a flavor (falls back to the first spelling). */
    public String typeName(Flavor flavor) {
        for (String t : typeNames) {
            if (Flavor.of(t) == flavor) {
                return t;
            }
        }
        return typeNames.get(0);
    }

    /** The kind of an {@code @type}, matched case-insensitively as LVA did. */
    public static Optional<NodeKind> fromType(String type) {
        return type == null ? Optional.empty() : Optional.ofNullable(BY_TYPE.get(type.trim().toLowerCase(Locale.ROOT)));
    }
}
