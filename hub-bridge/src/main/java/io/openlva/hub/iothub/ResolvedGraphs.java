package io.openlva.hub.iothub;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.openlva.graph.model.Instance;
import io.openlva.graph.model.Topology;
import io.openlva.graph.resolve.GraphResolver;
import io.openlva.graph.resolve.ResolvedGraph;
import io.openlva.hub.store.GraphStore;

/** The store's instances resolved against their topologies, cached until either changes. */
@Singleton
public class ResolvedGraphs {

    private static final Logger LOG = Logger.getLogger(ResolvedGraphs.class);

    private record Entry(Instance instance, Topology topology, Optional<ResolvedGraph> graph) {
    }

    private final GraphStore store;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    public ResolvedGraphs(GraphStore store) {
        this.store = store;
    }

    /** The instance's graph in whatever state it is (events emitted while deactivating still count). */
    public Optional<ResolvedGraph> graphOf(String instanceName) {
        Optional<Instance> instance = store.instance(instanceName);
        if (instance.isEmpty()) {
            cache.remove(instanceName);
            return Optional.empty();
        }
        Topology topology = store.topology(instance.get().topologyName()).orElse(null);
        Entry e = cache.get(instanceName);
        if (e != null && e.instance() == instance.get() && e.topology() == topology) {
            return e.graph();
        }
        Optional<ResolvedGraph> graph = Optional.empty();
        if (topology != null) {
            try {
                graph = Optional.of(GraphResolver.resolve(topology, instance.get()));
            } catch (RuntimeException ex) {
                LOG.warnf("graph instance '%s' does not resolve: %s", instanceName, ex.getClass().getSimpleName());
            }
        }
        cache.put(instanceName, new Entry(instance.get(), topology, graph));
        return graph;
    }

    /** The graphs that run now: Active instances, and Activating ones (services start them before reporting). */
    public List<ResolvedGraph> active() {
        return store.snapshot().activeGraphs();
    }
}
