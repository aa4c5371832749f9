package io.openlva.recorder.status;

import java.util.Map;

import io.openlva.graph.follow.GraphSnapshot;
import io.openlva.runtime.StatusReporter;

/**
 * What the recorder did with each instance whose topology needs it, on the status topic, after the engine applied a
 * graph state: Active once its gates and sinks run, Inactive once it left ACTIVE (its clips are closed by then),
 * Inactive with the reason when none of its recorder nodes can run, forgotten once deleted. Every replica holds
 * every plan (the packet partitions decide which replica records a stream), so each reports for all instances.
 * Nothing is reported before the readers start nor after they stop for a shutdown.
 */
public final class InstanceReports {

    private final StatusReporter status;
    private GraphSnapshot graph = GraphSnapshot.EMPTY;
    private Map<String, String> notRecorded = Map.of();
    private boolean consuming;

    public InstanceReports(StatusReporter status) {
        this.status = status;
    }

    /**
     * The engine now runs the plans of {@code applied}; {@code refused} gives the reasons of recorder nodes that
     * cannot run, per instance.
     */
    public synchronized void applied(GraphSnapshot applied, Map<String, String> refused) {
        graph = applied;
        notRecorded = Map.copyOf(refused);
        report();
    }

    /** The readers run (true) or stop for a shutdown (false: nothing more is reported). */
    public synchronized void consuming(boolean on) {
        consuming = on;
        report();
    }

    private void report() {
        if (!consuming) {
            return;
        }
        // a sink that cannot be recorded refuses the instance even when its other sinks could be
        status.reportAll(graph, name -> notRecorded.containsKey(name) ? "not recorded: " + notRecorded.get(name) : null,
                name -> false);
    }
}
