package io.openlva.runtime;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The service's one readiness check, named after the service: up once started, Kafka answers, no consumer loop
 * is retrying and the service has no reason of its own; {@code reason} says which, the service adds its data.
 */
@Readiness
@Singleton
public class ReadinessCheck implements HealthCheck {

    private final RuntimeConfig config;
    private final ServiceHealth health;
    private final ServiceApp app;

    public ReadinessCheck(RuntimeConfig config, ServiceHealth health, ServiceApp app) {
        this.config = config;
        this.health = health;
        this.app = app;
    }

    @Override
    public HealthCheckResponse call() {
        String reason = health.readiness(app.notReadyReason());
        HealthCheckResponseBuilder b = HealthCheckResponse.named(config.service().serviceName())
                .status(ServiceHealth.READY.equals(reason))
                .withData("reason", reason);
        app.healthData().forEach(b::withData);
        return b.build();
    }
}
