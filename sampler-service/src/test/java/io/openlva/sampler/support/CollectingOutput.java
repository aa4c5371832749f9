package io.openlva.sampler.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.MediaFrame;
import io.openlva.sampler.flow.FlowOutput;

/** Keeps what a stream produced, for assertions; safe to read while a consumer thread adds. */
public final class CollectingOutput implements FlowOutput {

    public final List<MediaFrame> frames = Collections.synchronizedList(new ArrayList<>());
    /** For each of {@link #frames}: whether it was to be spread over the frames topic's partitions. */
    public final List<Boolean> spread = Collections.synchronizedList(new ArrayList<>());
    public final List<GraphEvent> events = Collections.synchronizedList(new ArrayList<>());

    @Override
    public synchronized void frame(MediaFrame frame, boolean spread) {
        frames.add(frame);
        this.spread.add(spread);
    }

    @Override
    public void event(GraphEvent event) {
        events.add(event);
    }

    /** The frames for one extension node. */
    public List<MediaFrame> framesFor(String node) {
        synchronized (frames) {
            return frames.stream().filter(f -> f.key().node().equals(node)).toList();
        }
    }

    /** The frames of one instance. */
    public List<MediaFrame> framesOf(String instance) {
        synchronized (frames) {
            return frames.stream().filter(f -> f.key().instance().equals(instance)).toList();
        }
    }
}
