package io.openlva.sampler.flow;

import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.MediaFrame;

/** Where a stream's results go (Kafka in the service, a list in tests). */
public interface FlowOutput {

    void frame(MediaFrame frame);

    void event(GraphEvent event);
}
