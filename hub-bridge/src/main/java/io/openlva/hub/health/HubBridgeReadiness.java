package io.openlva.hub.health;

import java.util.Map;

import jakarta.inject.Singleton;

import io.openlva.hub.store.GraphStore;
import io.openlva.runtime.ServiceReadiness;

/**
 * hub-bridge's part of the runtime's readiness check: ready once the graph store replayed the graph topics (its
 * answers are complete); the data counts what it holds.
 */
@Singleton
public class HubBridgeReadiness implements ServiceReadiness {

    private final GraphStore store;

    public HubBridgeReadiness(GraphStore store) {
        this.store = store;
    }

    @Override
    public String notReadyReason() {
        return store.ready() ? null : "graph store catching up graph topics";
    }

    @Override
    public Map<String, String> data() {
        return Map.of("topologies", String.valueOf(store.topologies().size()),
                "instances", String.valueOf(store.instances().size()));
    }
}
