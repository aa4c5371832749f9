package io.openlva.inference.frames;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.openlva.inference.InferenceConfig;

/** Ready only while the frame loop runs (when enabled), so Kubernetes replaces a replica whose loop died. */
@Readiness
@ApplicationScoped
public class FrameLoopReadiness implements HealthCheck {

    private final InferenceService service;
    private final InferenceConfig config;

    public FrameLoopReadiness(InferenceService service, InferenceConfig config) {
        this.service = service;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        boolean up = !config.consumer().enabled() || service.consuming();
        return HealthCheckResponse.named("inference-frame-loop").status(up).build();
    }
}
