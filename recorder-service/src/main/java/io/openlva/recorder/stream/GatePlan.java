package io.openlva.recorder.stream;

import java.util.List;
import java.util.Set;

import io.openlva.recorder.gate.GateSettings;

/**
 * A SignalGateProcessor and the sinks after it.
 *
 * @param eventInputs the gate's input nodes whose events open it (motion, extensions, IoT Hub message source)
 */
public record GatePlan(String instance, String gateNode, Set<String> eventInputs, GateSettings settings,
        List<SinkPlan> sinks) {

    public GatePlan {
        eventInputs = Set.copyOf(eventInputs);
        sinks = List.copyOf(sinks);
    }
}
