package io.openlva.sampler.flow;

import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.MediaFrame;

/** Where a stream's results go (Kafka in the service, a list in tests). */
public interface FlowOutput {

    /**
     * @param spread whether the frame may go to any partition of the frames topic (keyed per frame) rather
     *     than to its stream's one ({@link MediaFrame#toRecord(String, boolean)})
     */
    void frame(MediaFrame frame, boolean spread);

    void event(GraphEvent event);
}
