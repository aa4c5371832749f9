package io.openlva.hub.store;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Creates the topics and starts following the graph, retrying until Kafka answers;
 * readiness is down until the graph topics were replayed to their end.
 */
@Readiness
@ApplicationScoped
public class StoreStartup implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(StoreStartup.class);
    private static final long RETRY_MS = 2000;

    private final GraphStore store;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private Thread starter;

    public StoreStartup(GraphStore store) {
        this.store = store;
    }

    void onStart(@Observes StartupEvent event) {
        starter = new Thread(this::startUntilDone, "graph-state-start");
        starter.setDaemon(true);
        starter.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping.set(true);
        if (starter != null) {
            starter.interrupt();
        }
    }

    private void startUntilDone() {
        while (!stopping.get()) {
            try {
                store.start();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("graph topics not reachable yet (%s%s), retrying", e.getMessage(),
                        e.getCause() == null ? "" : ": " + e.getCause().getMessage());
                try {
                    Thread.sleep(RETRY_MS);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("graph-state").status(store.ready()).build();
    }
}
