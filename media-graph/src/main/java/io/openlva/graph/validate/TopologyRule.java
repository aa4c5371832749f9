package io.openlva.graph.validate;

import java.util.List;

import io.openlva.graph.model.Topology;

/** One validation rule over a parsed topology; each problem names its target property. */
@FunctionalInterface
public interface TopologyRule {

    List<ErrorDetail> check(Topology topology);
}
