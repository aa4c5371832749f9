package io.openlva.recorder.status;

import java.util.Map;
import java.util.Set;

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
    private Set<String> recorded = Set.of();
    private Map<String, String> notRecorded = Map.of();
    private boolean consuming;

    public InstanceReports(StatusReporter status) {
        this.status = status;
    }

    /**
     * The engine now runs the plans of {@code applied}: {@code recording} are the instances with a planned stream,
     * {@code refused} the reasons of recorder nodes that cannot run, per instance.
     */
    public synchronized void applied(GraphSnapshot applied, Set<String> recording, Map<String, String> refused) {
        graph = applied;
        recorded = Set.copyOf(recording);
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
        status.reportAll(graph, name -> !recorded.contains(name) && notRecorded.containsKey(name)
                ? "not recorded: " + notRecorded.get(name) : null, name -> false);
    }
}
