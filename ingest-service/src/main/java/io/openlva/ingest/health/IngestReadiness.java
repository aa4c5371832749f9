package io.openlva.ingest.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.openlva.ingest.graph.IngestCoordinator;

/**
 * Ready once the graph state is read and this replica is in the ingest group. Kafka reachability itself is
 * Quarkus' Kafka readiness check ({@code quarkus.kafka.health.enabled}), so readiness is down while the
 * broker is away.
 */
@Readiness
@ApplicationScoped
public class IngestReadiness implements HealthCheck {

    private final IngestCoordinator coordinator;

    public IngestReadiness(IngestCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public HealthCheckResponse call() {
        String reason = coordinator.notReadyReason();
        HealthCheckResponseBuilder b = HealthCheckResponse.named("ingest").status(reason == null);
        if (reason != null) {
            b.withData("reason", reason);
        }
        b.withData("sources", String.join(",", coordinator.pulledSources()));
        b.withData("ownedPartitions", coordinator.ownedPartitions().toString());
        return b.build();
    }
}
