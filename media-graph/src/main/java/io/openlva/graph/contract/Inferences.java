package io.openlva.graph.contract;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builders for LVA inference event bodies (extension-data-schema.json): {@code {timestamp, inferences:[...]}}
 * with {@code type: entity|motion|classification|...}, boxes normalized 0–1.
 */
public final class Inferences {

    private Inferences() {
    }

    /** Normalized rectangle, clamped into the unit square as the schema requires. */
    public record Box(double l, double t, double w, double h) {
        public Box {
            l = clamp(l);
            t = clamp(t);
            w = Math.min(clamp(w), 1.0 - l);
            h = Math.min(clamp(h), 1.0 - t);
        }

        private static double clamp(double v) {
            return Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
        }

        ObjectNode toJson() {
            ObjectNode b = Json.mapper().createObjectNode();
            b.put("l", round(l));
            b.put("t", round(t));
            b.put("w", round(w));
            b.put("h", round(h));
            return b;
        }
    }

    public record Entity(String tag, double confidence, Box box) {
    }

    /** LVA's event timestamp is the media time in 90 kHz units. */
    public static long lvaTimestamp(long mediaTimeUs) {
        return mediaTimeUs * 9 / 100;
    }

    public static long mediaTimeUs(long lvaTimestamp) {
        return lvaTimestamp * 100 / 9;
    }

    public static ObjectNode body(long mediaTimeUs, ArrayNode inferences) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("timestamp", lvaTimestamp(mediaTimeUs));
        body.set("inferences", inferences);
        return body;
    }

    public static ObjectNode entity(Entity e) {
        ObjectNode inf = Json.mapper().createObjectNode();
        inf.put("type", "entity");
        ObjectNode entity = inf.putObject("entity");
        ObjectNode tag = entity.putObject("tag");
        tag.put("value", e.tag());
        tag.put("confidence", round(e.confidence()));
        entity.set("box", e.box().toJson());
        return inf;
    }

    public static ArrayNode entities(List<Entity> entities) {
        ArrayNode arr = Json.mapper().createArrayNode();
        entities.forEach(e -> arr.add(entity(e)));
        return arr;
    }

    public static ObjectNode motion(Box box) {
        ObjectNode inf = Json.mapper().createObjectNode();
        inf.put("type", "motion");
        inf.putObject("motion").set("box", box.toJson());
        return inf;
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
