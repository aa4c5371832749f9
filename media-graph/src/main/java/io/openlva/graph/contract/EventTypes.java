package io.openlva.graph.contract;

import java.util.Map;

/**
 * LVA {@code eventType} values, as LVA 2.0 emitted them; {@link EventEnvelope} turns them into AVA's for live
 * pipelines (prefix {@code Microsoft.VideoAnalyzer.}, and {@link #AVA_NAMES} where AVA's name differs). docs/events.md
 * lists every type with its body.
 */
public final class EventTypes {

    private EventTypes() {
    }

    public static final String DATA_VERSION = "1.0";

    // Analytics
    public static final String INFERENCE = "Microsoft.Media.Graph.Analytics.Inference";

    // Diagnostics (RTSP source and extensions)
    public static final String MEDIA_SESSION_ESTABLISHED = "Microsoft.Media.Graph.Diagnostics.MediaSessionEstablished";
    public static final String MEDIA_SESSION_DISCONNECTED = "Microsoft.Media.Graph.Diagnostics.MediaSessionDisconnected";
    public static final String AUTHENTICATION_ERROR = "Microsoft.Media.Graph.Diagnostics.AuthenticationError";
    public static final String AUTHORIZATION_ERROR = "Microsoft.Media.Graph.Diagnostics.AuthorizationError";
    public static final String PROTOCOL_ERROR = "Microsoft.Media.Graph.Diagnostics.ProtocolError";
    public static final String NETWORK_ERROR = "Microsoft.Media.Graph.Diagnostics.NetworkError";
    public static final String MEDIA_FORMAT_ERROR = "Microsoft.Media.Graph.Diagnostics.MediaFormatError";
    public static final String STORAGE_DISK_SPACE_EXCEEDED = "Microsoft.Media.Graph.Diagnostics.StorageDiskSpaceExceeded";
    public static final String DATA_DROPPED = "Microsoft.Media.Graph.Diagnostics.DataDropped";
    public static final String STORAGE_ERROR = "Microsoft.Media.Graph.Diagnostics.StorageError";
    /** A node failed at run time for a reason other than its input (see {@link RuntimeError}). */
    public static final String RUNTIME_ERROR = "Microsoft.Media.Graph.Diagnostics.RuntimeError";

    // Operational (instances): LVA's documented example name and the one its IoT Central gateway matched on
    public static final String GRAPH_INSTANCE_STARTED = "Microsoft.Media.Graph.Operational.GraphInstanceStarted";
    public static final String GRAPH_INSTANCE_STOPPED = "Microsoft.Media.Graph.Operational.GraphInstanceStopped";

    // Operational (sinks)
    public static final String RECORDING_STARTED = "Microsoft.Media.Graph.Operational.RecordingStarted";
    public static final String RECORDING_AVAILABLE = "Microsoft.Media.Graph.Operational.RecordingAvailable";
    public static final String RECORDING_STOPPED = "Microsoft.Media.Graph.Operational.RecordingStopped";

    // Messages from IoT Hub (IoTHubMessageSource), an OpenLVA type so gates can consume them
    public static final String HUB_MESSAGE = "OpenLva.Media.Graph.Analytics.HubMessage";

    /**
     * AVA's type where it is not LVA's with the prefix swapped. AVA documented "live pipeline activated /
     * deactivated" operational events without a type name: OpenLVA names them in AVA's words (its methods
     * livePipelineActivate / livePipelineDeactivate), see docs/events.md.
     */
    public static final Map<String, String> AVA_NAMES = Map.of(
            GRAPH_INSTANCE_STARTED, "Microsoft.VideoAnalyzer.Operational.LivePipelineActivated",
            GRAPH_INSTANCE_STOPPED, "Microsoft.VideoAnalyzer.Operational.LivePipelineDeactivated");

    public static boolean isDiagnostics(String eventType) {
        return eventType != null && eventType.startsWith("Microsoft.Media.Graph.Diagnostics.");
    }

    public static boolean isOperational(String eventType) {
        return eventType != null && eventType.startsWith("Microsoft.Media.Graph.Operational.");
    }

    public static boolean isAnalytics(String eventType) {
        return eventType != null && (eventType.startsWith("Microsoft.Media.Graph.Analytics.") || HUB_MESSAGE.equals(eventType));
    }
}
