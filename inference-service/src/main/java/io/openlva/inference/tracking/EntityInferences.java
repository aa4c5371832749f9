package io.openlva.inference.tracking;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.openlva.graph.contract.Inferences;
import io.openlva.graph.contract.Json;

/** The entities (objects with a box) among the inferences a frame carries, as detected or as tracked. */
final class EntityInferences {

    /**
     * One entity.
     *
     * @param sequenceId the tracker's id of the object, or null when not tracked (a detector's entity)
     * @param inferenceId the inference's id, or null
     */
    record Found(String sequenceId, String inferenceId, Inferences.Entity entity) {
    }

    private EntityInferences() {
    }

    /** @param inferencesJson a JSON array of LVA/AVA inferences, or null */
    static List<Found> read(String inferencesJson) {
        List<Found> out = new ArrayList<>();
        if (inferencesJson == null) {
            return out;
        }
        for (JsonNode inf : Json.read(inferencesJson)) {
            JsonNode entity = inf.path("entity");
            JsonNode box = entity.path("box");
            if (!"entity".equals(inf.path("type").asText()) || !box.isObject()) {
                continue;
            }
            Inferences.Box b = new Inferences.Box(box.path("l").asDouble(), box.path("t").asDouble(),
                    box.path("w").asDouble(), box.path("h").asDouble());
            if (b.w() > 0 && b.h() > 0) {
                out.add(new Found(text(inf, "sequenceId"), text(inf, "inferenceId"), new Inferences.Entity(
                        entity.path("tag").path("value").asText(""), entity.path("tag").path("confidence").asDouble(0), b)));
            }
        }
        return out;
    }

    private static String text(JsonNode inf, String field) {
        String s = inf.path(field).asText("");
        return s.isEmpty() ? null : s;
    }
}
