package io.openlva.hub.app;

import jakarta.inject.Singleton;

import org.apache.kafka.clients.admin.Admin;

import io.openlva.graph.follow.GraphSnapshot;
import io.openlva.hub.console.EventFeed;
import io.openlva.hub.store.GraphStore;
import io.openlva.runtime.ServiceApp;

/**
 * hub-bridge's lifecycle, driven by the runtime's start-up: once Kafka answers and the topics exist (created with
 * the runtime's backoff), the graph store starts writing and following the graph topics.
 * <p>
 * The store keeps a follower of its own rather than using the runtime's: a write returns only once the view shows
 * it ({@code GraphFollower.awaitApplied}, read-your-writes), and {@code ServiceStartup} does not expose its
 * follower. Its start and stop are driven from here, so there is still one start-up and one retry policy.
 * The console's event feed starts with the store. IoT Hub publishing and the status reports are Reactive Messaging channels, started by Quarkus.
 */
@Singleton
public class HubBridgeApp implements ServiceApp {

    private final GraphStore store;
    private final EventFeed events;

    public HubBridgeApp(GraphStore store, EventFeed events) {
        this.store = store;
        this.events = events;
    }

    @Override
    public void start(Admin admin) {
        store.start();
        events.start();
    }

    @Override
    public void graphChanged(GraphSnapshot graph) {
        // the store's own follower serves every read (see above)
    }

    @Override
    public void close() {
        events.close();
        store.close();
    }
}
