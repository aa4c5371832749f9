package io.openlva.sampler.support;

import java.util.ArrayList;
import java.util.List;

import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.MediaFrame;
import io.openlva.sampler.flow.FlowOutput;

/** Keeps what a stream produced, for assertions. */
public final class CollectingOutput implements FlowOutput {

    public final List<MediaFrame> frames = new ArrayList<>();
    /** For each of {@link #frames}: whether it was to be spread over the frames topic's partitions. */
    public final List<Boolean> spread = new ArrayList<>();
    public final List<GraphEvent> events = new ArrayList<>();

    @Override
    public void frame(MediaFrame frame, boolean spread) {
        frames.add(frame);
        this.spread.add(spread);
    }

    @Override
    public void event(GraphEvent event) {
        events.add(event);
    }

    public List<MediaFrame> framesFor(String node) {
        return frames.stream().filter(f -> f.key().node().equals(node)).toList();
    }
}
