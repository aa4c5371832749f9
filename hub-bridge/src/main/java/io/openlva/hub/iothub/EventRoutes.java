package io.openlva.hub.iothub;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.model.IotHubMessageSink;
import io.openlva.graph.model.NodeInput;
import io.openlva.graph.resolve.ResolvedGraph;

/**
 * Which IoT Hub outputs an event goes to: the {@code hubOutputName} of every IoTHubMessageSink fed by the
 * event's node, plus the diagnostics / operational outputs when set (LVA's module twin properties, read each time:
 * a twin patch changes them while hub-bridge runs; absent or blank: those events are not published).
 */
public class EventRoutes {

    private final Function<String, Optional<ResolvedGraph>> graphOf;
    private final Supplier<Optional<String>> diagnosticsOutput;
    private final Supplier<Optional<String>> operationalOutput;

    /** @param graphOf the resolved graph of an instance, by instance name */
    public EventRoutes(Function<String, Optional<ResolvedGraph>> graphOf, Supplier<Optional<String>> diagnosticsOutput,
            Supplier<Optional<String>> operationalOutput) {
        this.graphOf = graphOf;
        this.diagnosticsOutput = diagnosticsOutput;
        this.operationalOutput = operationalOutput;
    }

    public List<String> outputsOf(GraphEvent event) {
        Set<String> outputs = new LinkedHashSet<>();
        String node = event.node();
        if (node != null) {
            graphOf.apply(event.instance()).ifPresent(g -> outputs.addAll(sinkOutputs(g, node)));
        }
        if (EventTypes.isDiagnostics(event.eventType())) {
            diagnosticsOutput.get().filter(s -> !s.isBlank()).ifPresent(outputs::add);
        }
        if (EventTypes.isOperational(event.eventType())) {
            operationalOutput.get().filter(s -> !s.isBlank()).ifPresent(outputs::add);
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
