package io.openlva.inference.http;

import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.graph.contract.Inferences;
import io.openlva.graph.contract.Json;

/**
 * An HTTP extension's 200 response as LVA passed it on: the JSON answer becomes the Inference event body unchanged
 * (the seed tutorial's consumer reads {@code body.predictions} of a Custom Vision container), an LVA-schema answer
 * gets the sample's {@code timestamp} as LVA added it, and an answer that is not JSON is wrapped as an {@code other}
 * inference with base64 bytes. Inside the pipeline (AI composition, the tracker) nodes need LVA entities with
 * boxes in 0–1: {@link #inferences} derives that view from a body without changing what consumers receive, from
 * Custom Vision's {@code predictions[].boundingBox/probability/tagName} and from LVA-like answers with pixel boxes or
 * bare string tags. Pure: no I/O.
 */
public final class ExtensionResponses {

    private ExtensionResponses() {
    }

    /**
     * @param contentType the response Content-Type (may be null)
     * @return the event body, or empty when the answer holds nothing (an empty body, or empty {@code inferences} or
     *         {@code predictions}: no event, as for a 204)
     */
    public static Optional<ObjectNode> toEventBody(byte[] body, String contentType, long mediaTimeUs) {
        if (body == null || body.length == 0) {
            return Optional.empty();
        }
        JsonNode json = parseJson(body, contentType);
        if (json == null) {
            return Optional.of(wrapOther(body, contentType, mediaTimeUs));
        }
        if (!json.isObject()) {
            // A JSON array or scalar cannot be an event body object: keep it, wrapped.
            ObjectNode wrapped = Json.mapper().createObjectNode();
            wrapped.set("value", json);
            return Optional.of(wrapped);
        }
        ObjectNode answer = (ObjectNode) json;
        for (String list : new String[] {"inferences", "predictions"}) {
            if (answer.get(list) instanceof ArrayNode a && a.isEmpty()) {
                return Optional.empty();
            }
        }
        if (answer.get("inferences") instanceof ArrayNode && !answer.has("timestamp")) {
            // LVA's timestamp first, as LVA printed it
            ObjectNode ordered = Json.mapper().createObjectNode();
            ordered.put("timestamp", Inferences.lvaTimestamp(mediaTimeUs));
            ordered.setAll(answer);
            return Optional.of(ordered);
        }
        return Optional.of(answer);
    }

    /**
     * The LVA inferences of an event body, for nodes inside the pipeline: LVA-schema inferences repaired (type,
     * string tags, pixel boxes made relative to the image that was sent), Custom Vision predictions as entities,
     * nothing for other shapes. The body is not changed.
     */
    public static ArrayNode inferences(JsonNode body, int imageWidth, int imageHeight) {
        ArrayNode out = Json.mapper().createArrayNode();
        if (body == null) {
            return out;
        }
        if (body.get("inferences") instanceof ArrayNode inferences) {
            for (JsonNode inf : inferences) {
                out.add(inf.isObject() ? normalizeInference((ObjectNode) inf.deepCopy(), imageWidth, imageHeight) : inf);
            }
        } else if (body.get("predictions") instanceof ArrayNode predictions) {
            for (JsonNode p : predictions) {
                fromCustomVision(p).ifPresent(out::add);
            }
        }
        return out;
    }

    /** Custom Vision: one prediction as an LVA entity (boxes are already 0–1; left/top may spill below 0). */
    static Optional<ObjectNode> fromCustomVision(JsonNode p) {
        JsonNode bb = p.get("boundingBox");
        String tag = text(p.get("tagName"));
        if (tag == null) {
            return Optional.empty();
        }
        double confidence = p.path("probability").asDouble(0);
        if (bb == null || !bb.isObject()) {
            ObjectNode c = Json.mapper().createObjectNode();
            c.put("type", "classification");
            ObjectNode t = c.putObject("classification").putObject("tag");
            t.put("value", tag);
            t.put("confidence", clamp(confidence));
            return Optional.of(c);
        }
        double l = bb.path("left").asDouble();
        double t = bb.path("top").asDouble();
        double w = bb.path("width").asDouble();
        double h = bb.path("height").asDouble();
        return Optional.of(Inferences.entity(new Inferences.Entity(tag, clamp(confidence), box(l, t, l + w, t + h))));
    }

    /** Repairs what LVA's schema would reject but the seeds' servers send: missing type, string tags, pixel boxes. */
    static ObjectNode normalizeInference(ObjectNode inf, int imageWidth, int imageHeight) {
        for (String kind : new String[] {"entity", "motion", "classification", "event", "text", "other"}) {
            if (!inf.has("type") && inf.has(kind)) {
                inf.put("type", kind);
            }
        }
        JsonNode entity = inf.get("entity");
        if (entity instanceof ObjectNode e) {
            if (e.get("tag") != null && e.get("tag").isTextual()) {
                String value = e.get("tag").asText();
                e.putObject("tag").put("value", value);
            }
            if (e.get("tag") instanceof ObjectNode tag && tag.has("confidence")) {
                tag.put("confidence", clamp(tag.get("confidence").asDouble()));
            }
            normalizeBox(e, imageWidth, imageHeight);
        }
        if (inf.get("motion") instanceof ObjectNode m) {
            normalizeBox(m, imageWidth, imageHeight);
        }
        return inf;
    }

    private static void normalizeBox(ObjectNode holder, int imageWidth, int imageHeight) {
        if (!(holder.get("box") instanceof ObjectNode b)) {
            return;
        }
        double l = b.path("l").asDouble();
        double t = b.path("t").asDouble();
        double w = b.path("w").asDouble();
        double h = b.path("h").asDouble();
        boolean inUnit = l >= 0 && t >= 0 && w >= 0 && h >= 0 && l + w <= 1.000001 && t + h <= 1.000001;
        if (inUnit) {
            return;
        }
        // Pixel boxes (any coordinate beyond 1) are relative to the image that was sent.
        boolean pixels = (l > 1 || t > 1 || w > 1 || h > 1) && imageWidth > 0 && imageHeight > 0;
        double sx = pixels ? imageWidth : 1;
        double sy = pixels ? imageHeight : 1;
        holder.set("box", boxJson(box(l / sx, t / sy, (l + w) / sx, (t + h) / sy)));
    }

    /** A box from corners, clamped into the unit square. */
    static Inferences.Box box(double l, double t, double r, double b) {
        double cl = clamp(l);
        double ct = clamp(t);
        return new Inferences.Box(cl, ct, clamp(r) - cl, clamp(b) - ct);
    }

    private static ObjectNode boxJson(Inferences.Box b) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("l", round(b.l()));
        n.put("t", round(b.t()));
        n.put("w", round(b.w()));
        n.put("h", round(b.h()));
        return n;
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    private static ObjectNode wrapOther(byte[] body, String contentType, long mediaTimeUs) {
        ArrayNode arr = Json.mapper().createArrayNode();
        ObjectNode inf = arr.addObject();
        inf.put("type", "other");
        ObjectNode other = inf.putObject("other");
        other.put("contentType", contentType == null || contentType.isBlank() ? "application/octet-stream" : contentType);
        other.put("contentBytes", Base64.getEncoder().encodeToString(body));
        return Inferences.body(mediaTimeUs, arr);
    }

    private static JsonNode parseJson(byte[] body, String contentType) {
        String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        boolean declaredOther = !ct.isEmpty() && !ct.contains("json") && !ct.startsWith("text/");
        if (declaredOther) {
            return null;
        }
        try {
            return Json.mapper().readTree(body);
        } catch (Exception notJson) {
            return null;
        }
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static double clamp(double v) {
        return Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
    }
}
