package io.openlva.recorder.stream;

import java.util.List;

import io.openlva.graph.contract.StreamKey;

/**
 * Everything the recorder does with one source's packets ({@code instance/sourceNode}): gated sinks (EVR) and
 * sinks that follow the source directly (CVR).
 */
public record StreamPlan(StreamKey source, List<GatePlan> gates, List<SinkPlan> continuous) {

    public StreamPlan {
        gates = List.copyOf(gates);
        continuous = List.copyOf(continuous);
    }
}
