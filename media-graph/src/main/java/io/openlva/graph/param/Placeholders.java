package io.openlva.graph.param;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.openlva.graph.model.NodeRole;

/** {@code ${name}} references inside string values of a document. */
public final class Placeholders {

    /** Names of parameters and system variables ({@code System.GraphInstanceName}). */
    public static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]*)}");
    public static final String SYSTEM_PREFIX = "System.";

    private Placeholders() {
    }

    /** The names referenced in a text, in order. */
    public static List<String> references(String text) {
        List<String> out = new ArrayList<>();
        if (text != null) {
            Matcher m = REFERENCE.matcher(text);
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    public static boolean isSystem(String reference) {
        return reference.startsWith(SYSTEM_PREFIX);
    }

    /** Replaces the references whose lookup is non-null; others stay as written. */
    public static String substitute(String text, Function<String, String> lookup) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = lookup.apply(m.group(1));
            m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? m.group() : v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** A deep copy of {@code tree} with references in string values substituted. */
    public static JsonNode substitute(JsonNode tree, Function<String, String> lookup) {
        JsonNode copy = tree.deepCopy();
        substituteInPlace(copy, lookup);
        return copy;
    }

    private static void substituteInPlace(JsonNode node, Function<String, String> lookup) {
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isTextual()) {
                    e.setValue(new TextNode(substitute(e.getValue().asText(), lookup)));
                } else {
                    substituteInPlace(e.getValue(), lookup);
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isTextual()) {
                    a.set(i, new TextNode(substitute(a.get(i).asText(), lookup)));
                } else {
                    substituteInPlace(a.get(i), lookup);
                }
            }
        }
    }

    /** Visits every string value with its path ({@code properties.sources[0].endpoint.url}). */
    public static void forEachString(JsonNode node, String path, BiConsumer<String, String> visitor) {
        if (node.isTextual()) {
            visitor.accept(path, node.asText());
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                forEachString(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), visitor);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                forEachString(node.get(i), path + "[" + i + "]", visitor);
            }
        }
    }

    /** Paths of the node lists' string values that reference something, with their references. */
    public static Map<String, List<String>> referencesInNodes(JsonNode topologyRaw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        JsonNode props = topologyRaw.path("properties");
        for (NodeRole role : NodeRole.values()) {
            JsonNode list = caseInsensitive(props, role.listName());
            if (list != null) {
                forEachString(list, "properties." + role.listName(), (p, s) -> {
                    List<String> refs = references(s);
                    if (!refs.isEmpty()) {
                        out.put(p, refs);
                    }
                });
            }
        }
        return out;
    }

    /** The property {@code name} of {@code object}, matched case-insensitively as LVA did; null when absent. */
    public static JsonNode caseInsensitive(JsonNode object, String name) {
        JsonNode v = object.get(name);
        if (v != null) {
            return v;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }
}
