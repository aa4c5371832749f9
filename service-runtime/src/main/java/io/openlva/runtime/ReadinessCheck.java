package io.openlva.runtime;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The service's one readiness check, named after the service: up once started, Kafka answers, no consumer loop
 * is retrying and the service's {@link ServiceReadiness} (if it has one) has no reason of its own; {@code reason}
 * says which, or "ready".
 */
@Readiness
@Singleton
public class ReadinessCheck implements HealthCheck {

    private final RuntimeConfig config;
    private final ServiceHealth health;
    private final Instance<ServiceReadiness> service;

    public ReadinessCheck(RuntimeConfig config, ServiceHealth health, Instance<ServiceReadiness> service) {
        this.config = config;
        this.health = health;
        this.service = service;
    }

    @Override
    public HealthCheckResponse call() {
        ServiceReadiness own = service.isResolvable() ? service.get() : null;
        String reason = health.readiness(own == null ? null : own.notReadyReason());
        HealthCheckResponseBuilder b = HealthCheckResponse.named(config.service().serviceName())
                .status(ServiceHealth.READY.equals(reason))
                .withData("reason", reason);
        if (own != null) {
            own.data().forEach(b::withData);
        }
        return b.build();
    }
}
