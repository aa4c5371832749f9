package io.openlva.inference.status;

import java.util.Map;

import io.openlva.graph.follow.GraphSnapshot;
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

    public InstanceReports(StatusReporter status) {
        this.status = status;
    }

    /** The nodes were updated to {@code graph}; {@code cannotRun}: instance -> why one of its nodes cannot run. */
    public synchronized void graphChanged(GraphSnapshot graph, Map<String, String> cannotRun) {
        status.reportAll(graph, cannotRun::get, name -> false);
    }
}
