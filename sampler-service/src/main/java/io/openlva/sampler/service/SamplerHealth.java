package io.openlva.sampler.service;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

import jakarta.enterprise.context.ApplicationScoped;

/** /q/health: live while the consumer threads run; ready once the graph is known and packets are consumed. */
public final class SamplerHealth {

    private SamplerHealth() {
    }

    @Liveness
    @ApplicationScoped
    public static class Live implements HealthCheck {
        private final SamplerService service;

        public Live(SamplerService service) {
            this.service = service;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("sampler-consumers").status(service.live()).build();
        }
    }

    @Readiness
    @ApplicationScoped
    public static class Ready implements HealthCheck {
        private final SamplerService service;

        public Ready(SamplerService service) {
            this.service = service;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("sampler").status(service.ready())
                    .withData("plannedStreams", service.streams()).build();
        }
    }
}
