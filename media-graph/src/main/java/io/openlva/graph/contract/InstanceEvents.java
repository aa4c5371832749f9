package io.openlva.graph.contract;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The operational events of an instance's life: activated ({@link EventTypes#GRAPH_INSTANCE_STARTED}, AVA
 * {@code LivePipelineActivated}) once every service runs its part, deactivated ({@link EventTypes#GRAPH_INSTANCE_STOPPED},
 * AVA {@code LivePipelineDeactivated}) once every service stopped it. Subject: the instance; body:
 * {@code {topologyName}}.
 */
public final class InstanceEvents {

    private InstanceEvents() {
    }

    public static GraphEvent activated(String lvaTopic, String instance, String topologyName) {
        return event(lvaTopic, instance, topologyName, EventTypes.GRAPH_INSTANCE_STARTED);
    }

    public static GraphEvent deactivated(String lvaTopic, String instance, String topologyName) {
        return event(lvaTopic, instance, topologyName, EventTypes.GRAPH_INSTANCE_STOPPED);
    }

    private static GraphEvent event(String lvaTopic, String instance, String topologyName, String type) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("topologyName", topologyName);
        return GraphEvent.of(lvaTopic, instance, Subjects.instance(instance), type, -1, body);
    }
}
