package io.openlva.inference.status;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import io.openlva.graph.follow.GraphSnapshot;
import io.openlva.graph.model.Instance;
import io.openlva.graph.model.InstanceState;
import io.openlva.graph.model.OwningService;
import io.openlva.graph.model.Topology;
import io.openlva.runtime.StatusReporter;

/**
 * What inference did with each instance whose topology needs it, on the status topic: Active once its extension
 * nodes are set up, Inactive once they are closed after deactivation, Inactive with the reason when a node cannot
 * run (model missing, endpoint invalid), forgotten when the instance is deleted. Node runners are set up and closed
 * synchronously with the graph change, and every replica holds every node, so each replica reports for all
 * instances (same key, same report).
 */
public final class InstanceReports {

    private final StatusReporter status;
    private final Set<String> known = new HashSet<>();

    public InstanceReports(StatusReporter status) {
        this.status = status;
    }

    /** The nodes were updated to {@code graph}; {@code cannotRun}: instance -> why one of its nodes cannot run. */
    public synchronized void graphChanged(GraphSnapshot graph, Map<String, String> cannotRun) {
        for (Instance i : graph.instances().values()) {
            Topology t = graph.topologies().get(i.topologyName());
            if (t == null || !t.services().contains(OwningService.INFERENCE)) {
                continue;
            }
            known.add(i.name());
            long version = graph.instanceVersion(i.name());
            boolean wanted = i.state() == InstanceState.ACTIVE || i.state() == InstanceState.ACTIVATING;
            if (!wanted) {
                status.inactive(i.name(), version, null);
            } else if (graph.activeGraph(i.name()) == null) {
                status.inactive(i.name(), version, "instance does not resolve against topology " + t.name());
            } else if (cannotRun.containsKey(i.name())) {
                status.inactive(i.name(), version, cannotRun.get(i.name()));
            } else {
                status.active(i.name(), version);
            }
        }
        for (Iterator<String> it = known.iterator(); it.hasNext();) {
            String name = it.next();
            if (!graph.instances().containsKey(name)) {
                it.remove();
                status.forget(name);
            }
        }
    }
}
