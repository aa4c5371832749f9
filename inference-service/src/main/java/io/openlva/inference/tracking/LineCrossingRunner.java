package io.openlva.inference.tracking;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.graph.contract.Inferences;
import io.openlva.graph.contract.Json;
import io.openlva.graph.contract.MediaFrame;
import io.openlva.graph.model.LineCrossingProcessor;
import io.openlva.inference.node.NodeRunner;

/**
 * AVA's {@code LineCrossingProcessor}: gets every frame its object tracker made, with the tracked entities, and
 * emits AVA's {@code lineCrossing} event inferences when an object crossed a line (nothing otherwise): the line's
 * name, the direction and the line's running totals, all strings, and the tracked entity's {@code inferenceId} in
 * {@code relatedInferences}.
 */
public final class LineCrossingRunner implements NodeRunner {

    private final LineCrossing crossing;

    /** @throws IllegalArgumentException when a line cannot be read (the node cannot run) */
    public LineCrossingRunner(LineCrossingProcessor node) {
        this.crossing = new LineCrossing(node.lines());
    }

    @Override
    public boolean needsImage() {
        return false;
    }

    @Override
    public synchronized Optional<ObjectNode> infer(MediaFrame frame) {
        List<LineCrossing.Crossing> crossings = crossing.frame(frame.mediaTimeUs(), points(frame.inferencesJson()));
        if (crossings.isEmpty()) {
            return Optional.empty();
        }
        ArrayNode inferences = Json.mapper().createArrayNode();
        for (LineCrossing.Crossing c : crossings) {
            ObjectNode inf = inferences.addObject();
            inf.put("type", "event");
            inf.put("subtype", "lineCrossing");
            inf.put("inferenceId", ObjectTracker.newId());
            if (c.inferenceId() != null) {
                inf.putArray("relatedInferences").add(c.inferenceId());
            }
            ObjectNode event = inf.putObject("event");
            event.put("name", c.line());
            ObjectNode properties = event.putObject("properties");
            // AVA's schema: event properties are strings
            properties.put("counterclockwiseTotal", Long.toString(c.counterclockwiseTotal()));
            properties.put("direction", c.clockwise() ? "clockwise" : "counterclockwise");
            properties.put("total", Long.toString(c.total()));
            properties.put("clockwiseTotal", Long.toString(c.clockwiseTotal()));
        }
        return Optional.of(Inferences.body(frame.mediaTimeUs(), inferences));
    }

    /** The tracked objects among a frame's inferences (entities with a sequenceId), at their box's centre. */
    static List<LineCrossing.Point> points(String inferencesJson) {
        List<LineCrossing.Point> out = new ArrayList<>();
        for (EntityInferences.Found f : EntityInferences.read(inferencesJson)) {
            if (f.sequenceId() != null) {
                Inferences.Box b = f.entity().box();
                out.add(new LineCrossing.Point(f.sequenceId(), f.inferenceId(), b.l() + b.w() / 2, b.t() + b.h() / 2));
            }
        }
        return out;
    }
}
