package io.openlva.graph.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.graph.contract.Json;

/** Minimal edits of a JSON document by LVA target paths ({@code properties.processors[1].inputs[0].nodeName}). */
record JsonPatch(String path, String json) {

    private static final Pattern SEGMENT = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");

    /** Sets the value (JSON text) at path, creating nothing but the last property. */
    static JsonPatch set(String path, String json) {
        return new JsonPatch(path, json);
    }

    static JsonPatch remove(String path) {
        return new JsonPatch(path, null);
    }

    static String apply(String document, List<JsonPatch> patches) {
        JsonNode root = Json.read(document);
        for (JsonPatch p : patches) {
            p.applyTo(root);
        }
        return Json.writeString(root);
    }

    private void applyTo(JsonNode root) {
        List<Object> segments = new ArrayList<>();
        Matcher m = SEGMENT.matcher(path);
        while (m.find()) {
            segments.add(m.group(1) != null ? m.group(1) : (Object) Integer.valueOf(m.group(2)));
        }
        JsonNode parent = root;
        for (Object s : segments.subList(0, segments.size() - 1)) {
            parent = s instanceof Integer i ? parent.get(i) : parent.get((String) s);
            if (parent == null) {
                throw new IllegalArgumentException("no " + s + " in " + path);
            }
        }
        Object last = segments.get(segments.size() - 1);
        JsonNode value = json == null ? null : Json.read(json);
        if (last instanceof Integer i) {
            ArrayNode a = (ArrayNode) parent;
            if (value == null) {
                a.remove(i);
            } else if (i == a.size()) {
                a.add(value);
            } else {
                a.set(i, value);
            }
        } else {
            ObjectNode o = (ObjectNode) parent;
            if (value == null) {
                if (o.remove((String) last) == null) {
                    throw new IllegalArgumentException("nothing to remove at " + path);
                }
            } else {
                o.set((String) last, value);
            }
        }
    }
}
