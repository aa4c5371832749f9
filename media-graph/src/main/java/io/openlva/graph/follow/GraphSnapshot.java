package io.openlva.graph.follow;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.openlva.graph.model.Instance;
import io.openlva.graph.model.InstanceState;
import io.openlva.graph.model.Topology;
import io.openlva.graph.resolve.GraphResolver;
import io.openlva.graph.resolve.ResolvedGraph;
import io.openlva.graph.validate.GraphValidationException;

/**
 * The graph state at one point: all topologies and instances by name, the active instances resolved, and each
 * instance's version (the offset of its record on the instances topic, which a service names in its
 * {@link io.openlva.graph.contract.InstanceStatus} report). Immutable.
 */
public record GraphSnapshot(Map<String, Topology> topologies, Map<String, Instance> instances,
        List<ResolvedGraph> activeGraphs, Map<String, Long> instanceVersions) {

    private static final Logger LOG = LoggerFactory.getLogger(GraphSnapshot.class);

    public static final GraphSnapshot EMPTY = new GraphSnapshot(Map.of(), Map.of(), List.of());

    public GraphSnapshot {
        topologies = Collections.unmodifiableMap(new LinkedHashMap<>(topologies));
        instances = Collections.unmodifiableMap(new LinkedHashMap<>(instances));
        activeGraphs = List.copyOf(activeGraphs);
        instanceVersions = Map.copyOf(instanceVersions);
    }

    /** A state whose instance versions are unknown. */
    public GraphSnapshot(Map<String, Topology> topologies, Map<String, Instance> instances, List<ResolvedGraph> activeGraphs) {
        this(topologies, instances, activeGraphs, Map.of());
    }

    /**
     * Resolves the instances that should run: ACTIVE, and ACTIVATING (services start the nodes, then report Active
     * on the status topic, and hub-bridge completes the activation). One that does not resolve is logged (no values,
     * no secrets) and left out.
     */
    public static GraphSnapshot of(Map<String, Topology> topologies, Map<String, Instance> instances) {
        return of(topologies, instances, Map.of());
    }

    /** {@link #of(Map, Map)} with the offset of each instance's record. */
    public static GraphSnapshot of(Map<String, Topology> topologies, Map<String, Instance> instances,
            Map<String, Long> instanceVersions) {
        List<ResolvedGraph> active = new ArrayList<>();
        for (Instance i : instances.values()) {
            if (i.state() != InstanceState.ACTIVE && i.state() != InstanceState.ACTIVATING) {
                continue;
            }
            Topology t = topologies.get(i.topologyName());
            if (t == null) {
                LOG.warn("active instance {} refers to missing topology {}: skipped", i.name(), i.topologyName());
                continue;
            }
            try {
                active.add(GraphResolver.resolve(t, i));
            } catch (GraphValidationException e) {
                LOG.warn("active instance {} of topology {} does not resolve, skipped: {}", i.name(), t.name(),
                        e.error().details().stream().map(d -> d.code() + " at " + d.target()).collect(Collectors.joining("; ")));
            } catch (RuntimeException e) {
                LOG.warn("active instance {} of topology {} does not resolve, skipped: {}", i.name(), t.name(), e.getClass().getName());
            }
        }
        return new GraphSnapshot(topologies, instances, active, instanceVersions);
    }

    /** The offset of the instance's current record, -1 when unknown. */
    public long instanceVersion(String instanceName) {
        return instanceVersions.getOrDefault(instanceName, -1L);
    }

    public ResolvedGraph activeGraph(String instanceName) {
        return activeGraphs.stream().filter(g -> g.instanceName().equals(instanceName)).findFirst().orElse(null);
    }
}
