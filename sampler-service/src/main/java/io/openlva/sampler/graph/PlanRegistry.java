package io.openlva.sampler.graph;

import java.util.HashMap;
import java.util.Map;

import org.jboss.logging.Logger;

import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.follow.GraphSnapshot;
import io.openlva.graph.resolve.ResolvedGraph;
import io.openlva.sampler.flow.StreamPlan;

/** The plans of every active instance's sources, replaced whole on each graph change (read by the consumers). */
public final class PlanRegistry {

    private static final Logger LOG = Logger.getLogger(PlanRegistry.class);

    private final PlanBuilder builder;
    private volatile Map<StreamKey, StreamPlan> plans = Map.of();

    public PlanRegistry(PlanBuilder builder) {
        this.builder = builder;
    }

    /** Plans the active instances' sources; returns the instances that cannot be sampled, with the reason. */
    public Map<String, String> update(GraphSnapshot snapshot) {
        Map<StreamKey, StreamPlan> next = new HashMap<>();
        Map<String, String> refused = new HashMap<>();
        for (ResolvedGraph g : snapshot.activeGraphs()) {
            try {
                next.putAll(builder.plans(g.instanceName(), g.nodes()));
            } catch (RuntimeException e) {
                LOG.warnf("instance %s: not sampled: %s", g.instanceName(), e.getMessage());
                refused.put(g.instanceName(), "not sampled: " + e.getMessage());
            }
        }
        replace(next);
        return refused;
    }

    /** Sets the plans directly (what {@link #update} derives from the graph). */
    public void replace(Map<StreamKey, StreamPlan> next) {
        plans = Map.copyOf(next);
        LOG.debugf("sampling %d streams", next.size());
    }

    /** The stream's plan, or null when no active instance has this source. */
    public StreamPlan plan(StreamKey stream) {
        return plans.get(stream);
    }

    public Map<StreamKey, StreamPlan> all() {
        return plans;
    }
}
