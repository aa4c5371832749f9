package io.openlva.recorder.status;

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
 * What the recorder did with each instance whose topology needs it, on the status topic, after the engine applied a
 * graph state: Active once its gates and sinks run, Inactive once it left ACTIVE (its clips are closed by then),
 * Inactive with the reason when none of its recorder nodes can run, forgotten once deleted. Every replica holds
 * every plan (the packet partitions decide which replica records a stream), so each reports for all instances.
 * Nothing is reported before the readers start nor after they stop for a shutdown.
 */
public final class InstanceReports {

    private final StatusReporter status;
    private final Set<String> known = new HashSet<>();
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
        for (Instance i : graph.instances().values()) {
            Topology t = graph.topologies().get(i.topologyName());
            if (t == null || !t.services().contains(OwningService.RECORDER)) {
                continue;
            }
            known.add(i.name());
            long version = graph.instanceVersion(i.name());
            boolean wanted = i.state() == InstanceState.ACTIVE || i.state() == InstanceState.ACTIVATING;
            if (!wanted) {
                status.inactive(i.name(), version, null);
            } else if (graph.activeGraph(i.name()) == null) {
                status.inactive(i.name(), version, "instance does not resolve against topology " + t.name());
            } else if (!recorded.contains(i.name()) && notRecorded.containsKey(i.name())) {
                status.inactive(i.name(), version, "not recorded: " + notRecorded.get(i.name()));
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
