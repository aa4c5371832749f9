package io.openlva.runtime;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/** The service's one liveness check: down, with each reason, once a consumer loop failed beyond recovery. */
@Liveness
@Singleton
public class LivenessCheck implements HealthCheck {

    private final RuntimeConfig config;
    private final ServiceHealth health;

    public LivenessCheck(RuntimeConfig config, ServiceHealth health) {
        this.config = config;
        this.health = health;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named(config.service().serviceName()).status(health.live());
        health.failures().forEach(b::withData);
        return b.build();
    }
}
