package io.openlva.graph.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An LVA graph instance or AVA live pipeline.
 *
 * @param parameters values by parameter name, in document order
 * @param raw        the document as received, nullable
 */
public record Instance(String apiVersion, String name, String description, String topologyName,
        Map<String, String> parameters, InstanceState state, JsonNode raw) {

    public Instance {
        parameters = parameters == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        state = state == null ? InstanceState.INACTIVE : state;
    }

    public Instance withState(InstanceState newState) {
        return new Instance(apiVersion, name, description, topologyName, parameters, newState, raw);
    }

    /** Parameter values are left out: they may be secrets. */
    @Override
    public String toString() {
        return "Instance[apiVersion=" + apiVersion + ", name=" + name + ", topologyName=" + topologyName
                + ", parameters=" + parameters.keySet() + ", state=" + state + "]";
    }
}
