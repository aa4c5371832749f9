package io.openlva.runtime;

import java.util.Map;

/**
 * What a service adds to the runtime's readiness check (optional; at most one bean, in the service's
 * {@code health/} package): its own reason not to be ready and the data a person debugging it wants to see.
 */
public interface ServiceReadiness {

    /** E.g. "joining the ingest group"; null when the service itself is ready. */
    String notReadyReason();

    /** E.g. the streams this replica runs. */
    default Map<String, String> data() {
        return Map.of();
    }
}
