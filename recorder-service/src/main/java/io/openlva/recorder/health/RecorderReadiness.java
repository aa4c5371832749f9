package io.openlva.recorder.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.openlva.recorder.graph.RecorderService;

/** Ready once the graph state is replayed and both Kafka readers run. */
@Readiness
@ApplicationScoped
public class RecorderReadiness implements HealthCheck {

    private final RecorderService service;

    public RecorderReadiness(RecorderService service) {
        this.service = service;
    }

    @Override
    public HealthCheckResponse call() {
        var engine = service.engine();
        boolean up = engine != null && engine.healthy() && service.caughtUp();
        var b = HealthCheckResponse.named("recorder").status(up)
                .withData("graphCaughtUp", service.caughtUp())
                .withData("streams", service.plans().size());
        if (engine != null) {
            b.withData("openGates", (long) engine.openGates());
            String problem = engine.problem();
            if (problem != null) {
                b.withData("problem", problem);
            }
        }
        return b.build();
    }
}
