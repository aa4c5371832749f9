package io.openlva.sampler.status;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.follow.GraphSnapshot;
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
        status.reportAll(graph, refused::get, decoding::contains);
    }
}
