package io.openlva.inference.tracking;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.graph.contract.Inferences;
import io.openlva.graph.contract.Json;
import io.openlva.graph.contract.MediaFrame;
import io.openlva.graph.model.ObjectTrackerProcessor;
import io.openlva.inference.node.NodeRunner;

/**
 * AVA's {@code ObjectTrackingProcessor}: gets every frame of its extension's stream in order (forwarded by the
 * frame processor): the frames the extension ran on, with its inferences, and the frames in between (time only).
 * Emits AVA's tracked entities for all of them: {@code type: entity, subtype: objectDetection}, a new
 * {@code inferenceId} per frame and the object's {@code sequenceId} while it is tracked.
 */
public final class ObjectTrackerRunner implements NodeRunner {

    private final ObjectTracker tracker;

    public ObjectTrackerRunner(ObjectTrackerProcessor node) {
        this.tracker = new ObjectTracker(TrackingAccuracy.of(node.accuracy()));
    }

    @Override
    public boolean needsImage() {
        return false;
    }

    @Override
    public synchronized Optional<ObjectNode> infer(MediaFrame frame) {
        List<ObjectTracker.Tracked> tracked = frame.timeOnly()
                ? tracker.between(frame.mediaTimeUs())
                : tracker.detected(frame.mediaTimeUs(), detections(frame.inferencesJson()));
        if (tracked.isEmpty()) {
            return Optional.empty();
        }
        ArrayNode inferences = Json.mapper().createArrayNode();
        for (ObjectTracker.Tracked t : tracked) {
            ObjectNode inf = inferences.addObject();
            inf.put("type", "entity");
            inf.put("subtype", "objectDetection");
            inf.put("inferenceId", t.inferenceId());
            inf.put("sequenceId", t.sequenceId());
            inf.set("entity", Inferences.entity(t.entity()).get("entity"));
        }
        return Optional.of(Inferences.body(frame.mediaTimeUs(), inferences));
    }

    /** The detected objects among a frame's inferences. */
    static List<Inferences.Entity> detections(String inferencesJson) {
        return EntityInferences.read(inferencesJson).stream().map(EntityInferences.Found::entity).toList();
    }
}
