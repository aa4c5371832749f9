package io.openlva.sampler.support;

import java.util.ArrayList;
import java.util.List;

import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.MediaFrame;
import io.openlva.sampler.flow.FlowOutput;

/** Keeps what a stream produced, for assertions. */
public final class CollectingOutput implements FlowOutput {

    public final List<MediaFrame> frames = new ArrayList<>();
    public final List<GraphEvent> events = new ArrayList<>();

    @Override
    public void frame(MediaFrame frame) {
        frames.add(frame);
    }

    @Override
    public void event(GraphEvent event) {
        events.add(event);
    }

    public List<MediaFrame> framesFor(String node) {
        return frames.stream().filter(f -> f.key().node().equals(node)).toList();
    }
}
