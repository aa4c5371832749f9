package io.openlva.hub.iothub;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.model.IotHubMessageSink;
import io.openlva.graph.model.NodeInput;
import io.openlva.graph.resolve.ResolvedGraph;

/**
 * Which IoT Hub outputs an event goes to: the {@code hubOutputName} of every IoTHubMessageSink fed by the
 * event's node, plus the diagnostics / operational outputs when configured (LVA's module twin properties).
 */
public class EventRoutes {

    private final Function<String, Optional<ResolvedGraph>> graphOf;
    private final Optional<String> diagnosticsOutput;
    private final Optional<String> operationalOutput;

    /** @param graphOf the resolved graph of an instance, by instance name */
    public EventRoutes(Function<String, Optional<ResolvedGraph>> graphOf, Optional<String> diagnosticsOutput,
            Optional<String> operationalOutput) {
        this.graphOf = graphOf;
        this.diagnosticsOutput = diagnosticsOutput.filter(s -> !s.isBlank());
        this.operationalOutput = operationalOutput.filter(s -> !s.isBlank());
    }

    public List<String> outputsOf(GraphEvent event) {
        Set<String> outputs = new LinkedHashSet<>();
        String node = event.node();
        if (node != null) {
            graphOf.apply(event.instance()).ifPresent(g -> outputs.addAll(sinkOutputs(g, node)));
        }
        if (EventTypes.isDiagnostics(event.eventType())) {
            diagnosticsOutput.ifPresent(outputs::add);
        }
        if (EventTypes.isOperational(event.eventType())) {
            operationalOutput.ifPresent(outputs::add);
        }
        return List.copyOf(outputs);
    }

    static List<String> sinkOutputs(ResolvedGraph graph, String node) {
        return graph.nodes(IotHubMessageSink.class).stream()
                .filter(sink -> sink.inputs().stream().map(NodeInput::nodeName).anyMatch(node::equals))
                .map(IotHubMessageSink::hubOutputName)
                .toList();
    }
}
