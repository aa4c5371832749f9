package io.openlva.inference.grpc;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;

import io.openlva.graph.contract.Inferences;
import io.openlva.graph.contract.Json;
import io.openlva.inference.grpc.protocol.Attribute;
import io.openlva.inference.grpc.protocol.Classification;
import io.openlva.inference.grpc.protocol.Entity;
import io.openlva.inference.grpc.protocol.Event;
import io.openlva.inference.grpc.protocol.Inference;
import io.openlva.inference.grpc.protocol.InferenceOther;
import io.openlva.inference.grpc.protocol.Motion;
import io.openlva.inference.grpc.protocol.Rectangle;
import io.openlva.inference.grpc.protocol.Tag;
import io.openlva.inference.grpc.protocol.Text;

/**
 * The protocol's {@code Inference} messages and LVA's inference JSON, both ways, as LVA mapped them: the type in
 * lower case, the value under its name, empty optional fields left out, {@code other} content in base64.
 */
public final class LvaInferences {

    private LvaInferences() {
    }

    /** LVA's JSON array of the inferences (an entity's {@code id} is not part of LVA's JSON schema). */
    public static ArrayNode toJson(List<Inference> inferences) {
        ArrayNode out = Json.mapper().createArrayNode();
        for (Inference i : inferences) {
            ObjectNode o = out.addObject();
            o.put("type", typeName(i));
            if (!i.getSubtype().isBlank()) {
                o.put("subtype", i.getSubtype());
            }
            if (!i.getInferenceId().isEmpty()) {
                o.put("inferenceId", i.getInferenceId());
            }
            if (i.getRelatedInferencesCount() > 0) {
                ArrayNode related = o.putArray("relatedInferences");
                i.getRelatedInferencesList().forEach(related::add);
            }
            switch (i.getValueCase()) {
                case CLASSIFICATION -> {
                    ObjectNode c = o.putObject("classification");
                    tag(c, i.getClassification().getTag());
                    attributes(c, i.getClassification().getAttributesList());
                }
                case MOTION -> box(o.putObject("motion"), i.getMotion().getBox());
                case ENTITY -> {
                    ObjectNode e = o.putObject("entity");
                    tag(e, i.getEntity().getTag());
                    attributes(e, i.getEntity().getAttributesList());
                    box(e, i.getEntity().getBox());
                }
                case TEXT -> {
                    ObjectNode t = o.putObject("text");
                    t.put("value", i.getText().getValue());
                    if (!i.getText().getLanguage().isEmpty()) {
                        t.put("language", i.getText().getLanguage());
                    }
                    if (i.getText().getStartTimestamp() != 0 || i.getText().getEndTimestamp() != 0) {
                        t.put("startTimestamp", i.getText().getStartTimestamp());
                        t.put("endTimestamp", i.getText().getEndTimestamp());
                    }
                }
                case EVENT -> {
                    ObjectNode e = o.putObject("event");
                    e.put("name", i.getEvent().getName());
                    ObjectNode props = e.putObject("properties");
                    i.getEvent().getPropertiesMap().forEach(props::put);
                }
                case OTHER -> {
                    ObjectNode other = o.putObject("other");
                    other.put("contentType", i.getOther().getContentType());
                    other.put("contentBytes", Base64.getEncoder().encodeToString(i.getOther().getContentBytes().toByteArray()));
                }
                case VALUE_NOT_SET -> {
                }
            }
            if (i.getExtensionsCount() > 0) {
                ObjectNode ext = o.putObject("extensions");
                i.getExtensionsMap().forEach(ext::put);
            }
        }
        return out;
    }

    /** LVA's type name: the one set, else the value's kind (AUTO: "set by the graph based on content"). */
    private static String typeName(Inference i) {
        if (i.getType() != Inference.InferenceType.AUTO && i.getType() != Inference.InferenceType.UNRECOGNIZED) {
            return i.getType().name().toLowerCase(Locale.ROOT);
        }
        return switch (i.getValueCase()) {
            case CLASSIFICATION -> "classification";
            case MOTION -> "motion";
            case ENTITY -> "entity";
            case TEXT -> "text";
            case EVENT -> "event";
            default -> "other";
        };
    }

    private static void tag(ObjectNode holder, Tag tag) {
        holder.putObject("tag").put("value", tag.getValue()).put("confidence", clamp(tag.getConfidence()));
    }

    private static void attributes(ObjectNode holder, List<Attribute> attributes) {
        if (attributes.isEmpty()) {
            return;
        }
        ArrayNode a = holder.putArray("attributes");
        for (Attribute at : attributes) {
            a.addObject().put("name", at.getName()).put("value", at.getValue()).put("confidence", clamp(at.getConfidence()));
        }
    }

    private static void box(ObjectNode holder, Rectangle r) {
        holder.putObject("box").put("l", clamp(r.getL())).put("t", clamp(r.getT())).put("w", clamp(r.getW()))
                .put("h", clamp(r.getH()));
    }

    private static double clamp(float v) {
        return Math.round(Math.max(0, Math.min(1, v)) * 1e6) / 1e6;
    }

    /** The protocol's entity inferences of OpenLVA's detections (the server side). */
    public static List<Inference> entities(List<Inferences.Entity> entities) {
        List<Inference> out = new ArrayList<>(entities.size());
        for (Inferences.Entity e : entities) {
            out.add(Inference.newBuilder().setType(Inference.InferenceType.ENTITY)
                    .setEntity(Entity.newBuilder()
                            .setTag(Tag.newBuilder().setValue(e.tag()).setConfidence((float) e.confidence()))
                            .setBox(rectangle(e.box().l(), e.box().t(), e.box().w(), e.box().h())))
                    .build());
        }
        return out;
    }

    /** LVA inference JSON (e.g. an upstream extension's) as protocol messages, for a sample's {@code inferences}. */
    public static List<Inference> fromJson(JsonNode inferences) {
        List<Inference> out = new ArrayList<>();
        if (inferences == null || !inferences.isArray()) {
            return out;
        }
        for (JsonNode j : inferences) {
            Inference.Builder b = Inference.newBuilder();
            String type = j.path("type").asText("");
            for (Inference.InferenceType t : Inference.InferenceType.values()) {
                if (t != Inference.InferenceType.UNRECOGNIZED && t.name().equalsIgnoreCase(type)) {
                    b.setType(t);
                }
            }
            b.setSubtype(j.path("subtype").asText(""));
            b.setInferenceId(j.path("inferenceId").asText(""));
            j.path("relatedInferences").forEach(r -> b.addRelatedInferences(r.asText()));
            if (j.has("classification")) {
                b.setClassification(Classification.newBuilder().setTag(tag(j.path("classification").path("tag")))
                        .addAllAttributes(attributes(j.path("classification").path("attributes"))));
            } else if (j.has("motion")) {
                b.setMotion(Motion.newBuilder().setBox(rectangle(j.path("motion").path("box"))));
            } else if (j.has("entity")) {
                JsonNode e = j.path("entity");
                b.setEntity(Entity.newBuilder().setTag(tag(e.path("tag"))).addAllAttributes(attributes(e.path("attributes")))
                        .setBox(rectangle(e.path("box"))));
            } else if (j.has("text")) {
                JsonNode t = j.path("text");
                b.setText(Text.newBuilder().setValue(t.path("value").asText("")).setLanguage(t.path("language").asText(""))
                        .setStartTimestamp(t.path("startTimestamp").asLong(0)).setEndTimestamp(t.path("endTimestamp").asLong(0)));
            } else if (j.has("event")) {
                Event.Builder e = Event.newBuilder().setName(j.path("event").path("name").asText(""));
                j.path("event").path("properties").fields().forEachRemaining(p -> e.putProperties(p.getKey(), p.getValue().asText()));
                b.setEvent(e);
            } else if (j.has("other")) {
                b.setOther(InferenceOther.newBuilder().setContentType(j.path("other").path("contentType").asText(""))
                        .setContentBytes(ByteString.copyFrom(Base64.getDecoder().decode(j.path("other").path("contentBytes").asText("")))));
            }
            for (Map.Entry<String, JsonNode> x : iterable(j.path("extensions"))) {
                b.putExtensions(x.getKey(), x.getValue().asText());
            }
            out.add(b.build());
        }
        return out;
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode n) {
        return n::fields;
    }

    private static Tag tag(JsonNode t) {
        return Tag.newBuilder().setValue(t.path("value").asText("")).setConfidence((float) t.path("confidence").asDouble(0)).build();
    }

    private static List<Attribute> attributes(JsonNode a) {
        List<Attribute> out = new ArrayList<>();
        a.forEach(x -> out.add(Attribute.newBuilder().setName(x.path("name").asText("")).setValue(x.path("value").asText(""))
                .setConfidence((float) x.path("confidence").asDouble(0)).build()));
        return out;
    }

    private static Rectangle rectangle(JsonNode b) {
        return rectangle(b.path("l").asDouble(), b.path("t").asDouble(), b.path("w").asDouble(), b.path("h").asDouble());
    }

    private static Rectangle rectangle(double l, double t, double w, double h) {
        return Rectangle.newBuilder().setL((float) l).setT((float) t).setW((float) w).setH((float) h).build();
    }
}
