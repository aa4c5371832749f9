package io.openlva.ingest.health;

import io.openlva.graph.contract.KafkaClients;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Readiness is down while the broker does not answer. Probed in the background every few seconds so the
 * health endpoint answers at once (Quarkus' own Kafka check blocks the request for up to a minute while the
 * broker is away, which a probe sees as a timeout rather than as "not ready").
 */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements HealthCheck {

    private static final Duration PROBE_EVERY = Duration.ofSeconds(3);

    private final String bootstrapServers;
    private volatile String problem = "not probed yet";
    private volatile boolean stopped;
    private Thread thread;

    public KafkaReadiness(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    void onStart(@Observes StartupEvent event) {
        thread = new Thread(this::probeLoop, "kafka-readiness");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopped = true;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void probeLoop() {
        try (Admin admin = Admin.create(KafkaClients.config(bootstrapServers, Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2500, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2500,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000)))) {
            while (!stopped) {
                try {
                    int nodes = admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).size();
                    problem = nodes > 0 ? null : "no broker in the cluster";
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    problem = "Kafka at " + bootstrapServers + " unreachable: " + e.getClass().getSimpleName();
                }
                try {
                    Thread.sleep(PROBE_EVERY.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    @Override
    public HealthCheckResponse call() {
        String p = problem;
        var b = HealthCheckResponse.named("kafka").status(p == null).withData("bootstrapServers", bootstrapServers);
        if (p != null) {
            b.withData("reason", p);
        }
        return b.build();
    }
}
