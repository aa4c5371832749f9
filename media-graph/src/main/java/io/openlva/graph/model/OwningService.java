package io.openlva.graph.model;

/**
 * The OpenLVA service that runs a node kind. {@link NodeKind#owner()} is the one table of ownership: hub-bridge's
 * runnable set (what activation accepts) and each service's node filter derive from it.
 */
public enum OwningService {
    INGEST("ingest-service"),
    SAMPLER("sampler-service"),
    INFERENCE("inference-service"),
    RECORDER("recorder-service"),
    HUB_BRIDGE("hub-bridge");

    private final String serviceName;

    OwningService(String serviceName) {
        this.serviceName = serviceName;
    }

    /** The module and deployment name, e.g. {@code recorder-service}. */
    public String serviceName() {
        return serviceName;
    }

    public static OwningService fromServiceName(String name) {
        for (OwningService s : values()) {
            if (s.serviceName.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown service: " + name);
    }
}
