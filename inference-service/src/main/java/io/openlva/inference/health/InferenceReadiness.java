package io.openlva.inference.health;

import java.util.Map;

import jakarta.inject.Singleton;

import io.openlva.inference.app.InferenceApp;
import io.openlva.runtime.ServiceReadiness;

/**
 * The inference service's part of the runtime's readiness check: ready only while the frame consumer runs (when
 * enabled), so Kubernetes stops sending work to a replica whose loop stopped; the data gives the extension nodes
 * this replica holds.
 */
@Singleton
public class InferenceReadiness implements ServiceReadiness {

    private final InferenceApp app;

    public InferenceReadiness(InferenceApp app) {
        this.app = app;
    }

    @Override
    public String notReadyReason() {
        return app.consuming() ? null : "frame consumer not running";
    }

    @Override
    public Map<String, String> data() {
        return Map.of("activeNodes", Integer.toString(app.activeNodes()));
    }
}
