package io.openlva.hub.store;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import io.openlva.hub.config.HubConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/** Loads the graph state at start, retrying until Kafka answers; readiness is down until then. */
@Readiness
@ApplicationScoped
public class StoreStartup implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(StoreStartup.class);

    private final GraphStore store;
    private final HubConfig config;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private Thread loader;

    public StoreStartup(GraphStore store, HubConfig config) {
        this.store = store;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        loader = new Thread(this::loadUntilDone, "graph-state-loader");
        loader.setDaemon(true);
        loader.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping.set(true);
        if (loader != null) {
            loader.interrupt();
        }
    }

    private void loadUntilDone() {
        while (!stopping.get() && !store.ready()) {
            try {
                store.load(config.catchUpTimeout());
            } catch (RuntimeException e) {
                LOG.warnf("graph state not loaded yet (%s), retrying", e.getMessage());
                try {
                    Thread.sleep(2000);
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
