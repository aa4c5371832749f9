package io.openlva.recorder.sink;

import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.Json;
import io.openlva.graph.contract.Subjects;
import io.openlva.recorder.stream.SinkPlan;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Where sinks send LVA's operational events (RecordingStarted / Available / Stopped). */
@FunctionalInterface
public interface RecordingEvents {

    void publish(GraphEvent event);

    /** LVA's body: {@code {outputType: filePath|assetName, outputLocation}}. */
    static GraphEvent event(String lvaTopic, SinkPlan sink, String eventType, long mediaTimeUs, String outputLocation) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("outputType", sink.kind().outputType());
        body.put("outputLocation", outputLocation);
        return GraphEvent.of(lvaTopic, sink.instance(), Subjects.sink(sink.instance(), sink.node()), eventType, mediaTimeUs,
                body);
    }

    static boolean isRecordingEvent(String eventType) {
        return EventTypes.RECORDING_STARTED.equals(eventType) || EventTypes.RECORDING_AVAILABLE.equals(eventType)
                || EventTypes.RECORDING_STOPPED.equals(eventType);
    }
}
