package io.openlva.hub.graph;

/** The error codes hub-bridge answers with, as LVA's direct methods spelled them where LVA had one. */
public final class ErrorCodes {

    private ErrorCodes() {
    }

    /** Not JSON, not the expected shape, or failing validation (media-graph's top-level code). */
    public static final String INVALID_RESOURCE = io.openlva.graph.validate.ErrorCodes.INVALID_RESOURCE;
    public static final String API_VERSION_NOT_SUPPORTED = io.openlva.graph.validate.ErrorCodes.API_VERSION_NOT_SUPPORTED;
    public static final String NOT_FOUND = "NotFound";
    public static final String GRAPH_TOPOLOGY_IN_USE = "GraphTopologyInUse";
    public static final String OPERATION_NOT_ALLOWED_IN_STATE = "OperationNotAllowedInState";
    public static final String GRAPH_TOPOLOGY_NOT_FOUND = "GraphTopologyNotFound";
    public static final String NODE_KIND_NOT_SUPPORTED = "NodeKindNotSupported";
    /** A service reported that it cannot run its part of an instance (detail target: the service). */
    public static final String ACTIVATION_REFUSED = "ActivationRefused";
    public static final String METHOD_NOT_FOUND = "MethodNotFound";
    /** A deployment limit (topologies, instances) is reached; see GraphLimits. */
    public static final String QUOTA_EXCEEDED = "QuotaExceeded";
    public static final String SERVICE_UNAVAILABLE = "ServiceUnavailable";
}
