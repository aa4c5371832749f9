package io.openlva.sampler.status;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.follow.GraphSnapshot;
import io.openlva.graph.model.Instance;
import io.openlva.graph.model.InstanceState;
import io.openlva.graph.model.OwningService;
import io.openlva.graph.model.Topology;
import io.openlva.runtime.StatusReporter;

/**
 * What the sampler did with each instance whose topology needs it, on the status topic: Active once its streams are
 * planned and the packet consumers run, Inactive once no stream of it is decoded on this replica any more (a
 * consumer closes them within a poll of the change), Inactive with the reason when it cannot be sampled. Every
 * replica holds every plan, so each reports for all instances. Nothing is reported before the consumers start nor
 * after they stop for a shutdown (the instances stay active for the other replicas).
 */
public final class InstanceReports {

    private final StatusReporter status;
    private final Supplier<Set<StreamKey>> running;
    private final Set<String> known = new HashSet<>();
    private GraphSnapshot graph = GraphSnapshot.EMPTY;
    private Map<String, String> refused = Map.of();
    private boolean consuming;

    /** @param running the streams this replica decodes now */
    public InstanceReports(StatusReporter status, Supplier<Set<StreamKey>> running) {
        this.status = status;
        this.running = running;
    }

    /** A new graph state, and the active instances that could not be planned (with the reason). */
    public synchronized void graphChanged(GraphSnapshot next, Map<String, String> notSampled) {
        graph = next;
        refused = Map.copyOf(notSampled);
        report();
    }

    /** The packet consumers run (true) or stop for a shutdown (false: nothing more is reported). */
    public synchronized void consuming(boolean on) {
        consuming = on;
        report();
    }

    /** Streams were closed: an instance waiting for its streams to stop may be Inactive now. */
    public synchronized void streamsStopped() {
        report();
    }

    private void report() {
        if (!consuming) {
            return;
        }
        Set<String> decoding = new HashSet<>();
        running.get().forEach(k -> decoding.add(k.instance()));
        for (Instance i : graph.instances().values()) {
            Topology t = graph.topologies().get(i.topologyName());
            if (t == null || !t.services().contains(OwningService.SAMPLER)) {
                continue;
            }
            known.add(i.name());
            long version = graph.instanceVersion(i.name());
            boolean wanted = i.state() == InstanceState.ACTIVE || i.state() == InstanceState.ACTIVATING;
            if (!wanted) {
                if (!decoding.contains(i.name())) {
                    status.inactive(i.name(), version, null);
                }
            } else if (graph.activeGraph(i.name()) == null) {
                status.inactive(i.name(), version, "instance does not resolve against topology " + t.name());
            } else if (refused.containsKey(i.name())) {
                status.inactive(i.name(), version, refused.get(i.name()));
            } else {
                status.active(i.name(), version);
            }
        }
        for (Iterator<String> it = known.iterator(); it.hasNext();) {
            String name = it.next();
            if (!graph.instances().containsKey(name) && !decoding.contains(name)) {
                it.remove();
                status.forget(name);
            }
        }
    }
}
