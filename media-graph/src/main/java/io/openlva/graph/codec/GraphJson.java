package io.openlva.graph.codec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.graph.contract.Json;
import io.openlva.graph.model.ApiVersions;
import io.openlva.graph.model.Flavor;
import io.openlva.graph.model.Instance;
import io.openlva.graph.model.InstanceState;
import io.openlva.graph.model.Node;
import io.openlva.graph.model.NodeRole;
import io.openlva.graph.model.ParameterDeclaration;
import io.openlva.graph.model.ParameterType;
import io.openlva.graph.model.Secrets;
import io.openlva.graph.model.Topology;
import io.openlva.graph.param.ParameterCipher;
import io.openlva.graph.param.Placeholders;
import io.openlva.graph.validate.ErrorCodes;
import io.openlva.graph.validate.GraphValidationException;
import io.openlva.graph.validate.GraphValidator;
import io.openlva.graph.validate.Problems;

/**
 * Reading and writing topologies and instances in LVA's JSON shape.
 *
 * <p>Reading validates completely (shape, values, graph rules) and throws {@link GraphValidationException} with
 * every problem found. Writing starts from the document as received, so unknown properties survive.
 * {@link #writeTopology} and {@link #writeInstance} mask secrets: a secret value is written as {@code null}
 * (as LVA returned secrets), a password inside a URL as {@code ******}; references such as
 * {@code ${rtspPassword}} are not secrets and stay.
 */
public final class GraphJson {

    private GraphJson() {
    }

    // ---------------------------------------------------------------- reading

    public static Topology readTopology(String json) {
        return readTopology(parseObject(json));
    }

    /** As {@link #readTopology(String)}, from a document the caller has already parsed (a call parses once). */
    public static Topology readTopology(JsonNode root) {
        requireObject(root);
        Problems problems = new Problems();
        Topology t = readTopology(root, problems);
        if (!problems.isEmpty()) {
            // parameter problems explain value problems they cause: report both
            problems.addAll(GraphValidator.checkParameters(t));
            problems.throwIfAny();
        }
        GraphValidator.validateTopology(t);
        return t;
    }

    public static Instance readInstance(String json) {
        return readInstance(parseObject(json));
    }

    /** As {@link #readInstance(String)}, from a document the caller has already parsed. */
    public static Instance readInstance(JsonNode root) {
        requireObject(root);
        Problems problems = new Problems();
        PropertyReader r = new PropertyReader(root, "", problems, false);
        String apiVersion = r.string("@apiVersion", true);
        if (apiVersion != null && !ApiVersions.supported(apiVersion)) {
            r.error(ErrorCodes.API_VERSION_NOT_SUPPORTED, "@apiVersion", "The API version '" + apiVersion
                    + "' is not supported; use " + ApiVersions.describe() + ".");
        }
        String name = r.string("name", true);
        GraphValidator.checkName(problems, r.target("name"), name);
        PropertyReader p = r.object("properties", true);
        String description = null;
        String topologyName = null;
        Map<String, String> parameters = new LinkedHashMap<>();
        InstanceState state = InstanceState.INACTIVE;
        if (p != null) {
            description = p.string("description", false);
            topologyName = p.string("topologyName", true);
            for (PropertyReader param : p.objects("parameters", false)) {
                String pn = param.string("name", true);
                String value = param.string("value", true);
                if (pn != null && parameters.containsKey(pn)) {
                    param.error(ErrorCodes.DUPLICATE_NAME, "name", "The parameter '" + pn + "' is given twice.");
                } else if (pn != null && value != null) {
                    parameters.put(pn, value);
                }
            }
            state = Objects.requireNonNullElse(p.choice("state", false, InstanceState::fromLva,
                    "inactive, activating, active, deactivating"), InstanceState.INACTIVE);
        }
        problems.throwIfAny();
        return new Instance(apiVersion.trim(), name, description, topologyName, parameters, state, root);
    }

    private static JsonNode parseObject(String json) {
        JsonNode root;
        try {
            root = json == null ? null : Json.mapper().readTree(json);
        } catch (Exception e) {
            throw GraphValidationException.of(ErrorCodes.INVALID_RESOURCE, "body",
                    "The body is not valid JSON: " + e.getClass().getSimpleName());
        }
        requireObject(root);
        return root;
    }

    private static void requireObject(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw GraphValidationException.of(ErrorCodes.INVALID_RESOURCE, "body", "The body must be a JSON object.");
        }
    }

    /** Reads the shape and values of a topology (lenient on parameter references), reporting into problems. */
    static Topology readTopology(JsonNode root, Problems problems) {
        PropertyReader r = new PropertyReader(root, "", problems, true);
        String apiVersion = r.string("@apiVersion", true);
        String name = r.string("name", true);
        PropertyReader p = r.object("properties", true);
        String description = null;
        List<ParameterDeclaration> parameters = new ArrayList<>();
        List<Node> sources = new ArrayList<>();
        List<Node> processors = new ArrayList<>();
        List<Node> sinks = new ArrayList<>();
        if (p != null) {
            description = p.string("description", false);
            for (PropertyReader d : p.objects("parameters", false)) {
                parameters.add(new ParameterDeclaration(d.string("name", true),
                        d.choice("type", true, ParameterType::fromLva, "String, SecretString, Int, Double, Bool"),
                        d.string("description", false), d.string("default", false)));
            }
            checkFlavor(r, root, apiVersion);
            // typed properties that reference a parameter are read with its default
            // (only well-typed defaults of parameters declared once: others are reported by the parameter rules)
            Map<String, String> defaults = new LinkedHashMap<>();
            Set<String> duplicated = new HashSet<>();
            for (ParameterDeclaration d : parameters) {
                if (d.name() != null && d.type() != null && d.defaultValue() != null && d.type().accepts(d.defaultValue())
                        && defaults.putIfAbsent(d.name(), d.defaultValue()) != null) {
                    duplicated.add(d.name());
                }
            }
            defaults.keySet().removeAll(duplicated);
            PropertyReader pd = new PropertyReader(p.node(), p.path(), problems, true,
                    text -> Placeholders.substitute(text, defaults::get));
            NodeParser parser = new NodeParser(apiVersion);
            for (NodeRole role : NodeRole.values()) {
                List<Node> out = role == NodeRole.SOURCE ? sources : role == NodeRole.PROCESSOR ? processors : sinks;
                for (PropertyReader n : pd.objects(role.listName(), role != NodeRole.PROCESSOR)) {
                    Node node = parser.parse(n, role);
                    if (node != null) {
                        out.add(node);
                    }
                }
            }
        }
        return new Topology(apiVersion == null ? null : apiVersion.trim(), name, description, parameters,
                sources, processors, sinks, root);
    }

    /** LVA node types need an LVA API version, AVA types an AVA one; the two cannot be mixed. */
    private static void checkFlavor(PropertyReader r, JsonNode root, String apiVersion) {
        Set<Flavor> flavors = new HashSet<>();
        JsonNode props = root.path("properties");
        for (NodeRole role : NodeRole.values()) {
            JsonNode list = Placeholders.caseInsensitive(props, role.listName());
            if (list != null && list.isArray()) {
                for (JsonNode n : list) {
                    Flavor f = Flavor.of(n.path("@type").asText(null));
                    if (f == Flavor.MEDIA_GRAPH || f == Flavor.VIDEO_ANALYZER) {
                        flavors.add(f);
                    }
                }
            }
        }
        if (flavors.size() > 1) {
            r.error(ErrorCodes.INVALID_RESOURCE, "properties",
                    "LVA (#Microsoft.Media.*) and AVA (#Microsoft.VideoAnalyzer.*) node types cannot be mixed.");
            return;
        }
        Flavor flavor = flavors.isEmpty() ? Flavor.MEDIA_GRAPH : flavors.iterator().next();
        if (apiVersion != null && !flavor.apiVersions().contains(apiVersion.trim())) {
            r.error(ErrorCodes.API_VERSION_NOT_SUPPORTED, "@apiVersion", "The API version '" + apiVersion
                    + "' is not supported for " + (flavor == Flavor.VIDEO_ANALYZER ? "AVA pipeline topologies" : "LVA media graph topologies")
                    + "; supported: " + String.join(", ", flavor.apiVersions()) + ".");
        }
    }

    // ---------------------------------------------------------------- writing

    /** For API responses and logs: secrets masked. */
    public static String writeTopology(Topology t) {
        ObjectNode out = topologyNode(t);
        Set<String> secretParameters = secretParameters(t);
        JsonNode props = out.path("properties");
        if (props.path("parameters") instanceof ArrayNode params) {
            for (JsonNode d : params) {
                if (d instanceof ObjectNode o && secretParameters.contains(o.path("name").asText()) && o.has("default")) {
                    o.putNull("default");
                }
            }
        }
        for (NodeRole role : NodeRole.values()) {
            JsonNode list = Placeholders.caseInsensitive(props, role.listName());
            if (list != null) {
                maskSecrets(list);
            }
        }
        return Json.writeString(out);
    }

    /** For the compacted topic only: complete, defaults of secret parameters sealed with the process's keys. */
    public static String writeTopologyForStorage(Topology t) {
        return writeTopologyForStorage(t, ParameterCipher.shared());
    }

    /** For the compacted topic only: complete, defaults of secret parameters sealed when {@code cipher} has a key. */
    public static String writeTopologyForStorage(Topology t, ParameterCipher cipher) {
        ObjectNode out = topologyNode(t);
        if (cipher.sealing() && out.path("properties").path("parameters") instanceof ArrayNode params) {
            Set<String> secret = secretParameters(t);
            for (JsonNode d : params) {
                String name = d.path("name").asText();
                if (d instanceof ObjectNode o && secret.contains(name) && o.path("default").isTextual()) {
                    o.put("default", cipher.seal(topologyScope(t.name()), name, o.get("default").asText()));
                }
            }
        }
        return Json.writeString(out);
    }

    /** A topology record of the compacted topic: sealed defaults opened with the process's keys, then read. */
    public static Topology readStoredTopology(String json) {
        return readStoredTopology(json, ParameterCipher.shared());
    }

    /** @throws io.openlva.graph.param.SealedParameterException when a sealed default cannot be opened */
    public static Topology readStoredTopology(String json, ParameterCipher cipher) {
        JsonNode root = parseObject(json);
        openSealed(root, "default", topologyScope(root.path("name").asText()), cipher);
        return readTopology(root);
    }

    /** Sealed topology defaults are bound to the topology, never confused with an instance of the same name. */
    private static String topologyScope(String topologyName) {
        return "topology/" + topologyName;
    }

    /** For API responses and logs, when the topology is unknown: secret-looking parameters masked by name. */
    public static String writeInstance(Instance i) {
        return Json.writeString(instanceNode(i, Secrets::looksSecret));
    }

    /** For API responses and logs: parameters the topology declares secret (or uses as credentials) masked. */
    public static String writeInstance(Instance i, Topology t) {
        Set<String> secret = t == null ? Set.of() : secretParameters(t);
        return Json.writeString(instanceNode(i, n -> secret.contains(n) || Secrets.looksSecret(n)));
    }

    /**
     * For the compacted topic only: complete, every parameter value sealed with the process's keys
     * ({@link ParameterCipher#shared()}; as given without keys).
     */
    public static String writeInstanceForStorage(Instance i) {
        return writeInstanceForStorage(i, ParameterCipher.shared());
    }

    /**
     * For the compacted topic only: complete, every parameter value sealed when {@code cipher} has a key. All of
     * them, not only SecretString ones: the instance alone does not say which are secret, and a URL may carry
     * credentials.
     */
    public static String writeInstanceForStorage(Instance i, ParameterCipher cipher) {
        ObjectNode out = instanceNode(i, null);
        if (cipher.sealing()) {
            ArrayNode params = ((ObjectNode) out.get("properties")).putArray("parameters");
            i.parameters().forEach((name, value) -> params.addObject().put("name", name)
                    .put("value", cipher.seal(i.name(), name, value)));
        }
        return Json.writeString(out);
    }

    /** An instance record of the compacted topic: sealed values opened with the process's keys, then read. */
    public static Instance readStoredInstance(String json) {
        return readStoredInstance(json, ParameterCipher.shared());
    }

    /** @throws io.openlva.graph.param.SealedParameterException when a sealed value cannot be opened */
    public static Instance readStoredInstance(String json, ParameterCipher cipher) {
        JsonNode root = parseObject(json);
        openSealed(root, "value", root.path("name").asText(), cipher);
        return readInstance(root);
    }

    /** Opens, in place, the sealed {@code field} of each entry of {@code properties.parameters}. */
    private static void openSealed(JsonNode root, String field, String scope, ParameterCipher cipher) {
        for (JsonNode p : root.path("properties").path("parameters")) {
            if (p instanceof ObjectNode o && ParameterCipher.isSealed(o.path(field).asText(null))) {
                o.put(field, cipher.open(scope, o.path("name").asText(), o.get(field).asText()));
            }
        }
    }

    /**
     * Parameters holding secrets: declared SecretString, referenced by a credential password / header value
     * (LVA samples declare {@code rtspPassword} as String), or named like a secret ({@link Secrets#looksSecret}).
     */
    public static Set<String> secretParameters(Topology t) {
        Set<String> out = new HashSet<>();
        for (ParameterDeclaration d : t.parameters()) {
            if (d.type() == ParameterType.SECRET_STRING || Secrets.looksSecret(d.name())) {
                out.add(d.name());
            }
        }
        if (t.raw() != null) {
            Placeholders.referencesInNodes(t.raw()).forEach((path, refs) -> {
                String last = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
                if (last.equals("password") || last.equals("headervalue")) {
                    out.addAll(refs);
                }
            });
        }
        return out;
    }

    private static ObjectNode topologyNode(Topology t) {
        if (t.raw() == null || !t.raw().isObject()) {
            throw new IllegalArgumentException("topology " + t.name() + " has no JSON document to write");
        }
        ObjectNode out = (ObjectNode) t.raw().deepCopy();
        putIfChanged(out, "@apiVersion", t.apiVersion());
        putIfChanged(out, "name", t.name());
        return out;
    }

    private static void putIfChanged(ObjectNode o, String field, String value) {
        JsonNode old = o.get(field);
        if (value == null) {
            return;
        }
        if (old == null || !old.isValueNode() || !old.asText().equals(value)) {
            o.put(field, value);
        }
    }

    /** Masks credential secrets (unless they are parameter references) and URL passwords, in place. */
    private static void maskSecrets(JsonNode node) {
        if (node instanceof ObjectNode o) {
            String type = o.path("@type").asText(null);
            if (Flavor.isType(type, "UsernamePasswordCredentials")) {
                nullUnlessReference(o, "password");
            } else if (Flavor.isType(type, "HttpHeaderCredentials")) {
                nullUnlessReference(o, "headerValue");
            }
            List<String> fields = new ArrayList<>();
            o.fieldNames().forEachRemaining(fields::add);
            for (String f : fields) {
                JsonNode v = o.get(f);
                if (v.isTextual()) {
                    o.put(f, Secrets.maskUrl(v.asText()));
                } else {
                    maskSecrets(v);
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isTextual()) {
                    a.set(i, Json.mapper().getNodeFactory().textNode(Secrets.maskUrl(a.get(i).asText())));
                } else {
                    maskSecrets(a.get(i));
                }
            }
        }
    }

    private static void nullUnlessReference(ObjectNode o, String field) {
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        for (String f : names) {
            if (f.equalsIgnoreCase(field)) {
                JsonNode v = o.get(f);
                if (v != null && !v.isNull() && !v.asText().matches("\\$\\{[^}]*}")) {
                    o.putNull(f);
                }
            }
        }
    }

    /** @param secret which parameter names to mask; null = storage (nothing masked) */
    private static ObjectNode instanceNode(Instance i, Predicate<String> secret) {
        ObjectNode out = i.raw() != null && i.raw().isObject() ? (ObjectNode) i.raw().deepCopy() : Json.mapper().createObjectNode();
        putIfChanged(out, "@apiVersion", i.apiVersion());
        putIfChanged(out, "name", i.name());
        JsonNode p = out.get("properties");
        ObjectNode props = p instanceof ObjectNode po ? po : out.putObject("properties");
        putIfChanged(props, "topologyName", i.topologyName());
        if (i.description() != null) {
            putIfChanged(props, "description", i.description());
        }
        if (!parametersOf(props).equals(i.parameters()) || secret != null) {
            ArrayNode params = props.putArray("parameters");
            i.parameters().forEach((name, value) -> {
                ObjectNode o = params.addObject();
                o.put("name", name);
                if (secret != null && secret.test(name)) {
                    o.putNull("value");
                } else {
                    o.put("value", secret != null ? Secrets.maskUrl(value) : value);
                }
            });
        }
        JsonNode oldState = props.get("state");
        InstanceState parsed = null;
        try {
            parsed = oldState == null ? null : InstanceState.fromLva(oldState.asText());
        } catch (IllegalArgumentException e) {
            // rewritten below
        }
        if (parsed != i.state()) {
            boolean ava = ApiVersions.V1_1.equals(i.apiVersion()) || oldState != null && oldState.asText().equals(oldState.asText().toLowerCase(Locale.ROOT));
            props.put("state", ava ? i.state().avaName() : i.state().lvaName());
        }
        return out;
    }

    private static Map<String, String> parametersOf(JsonNode props) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode p : props.path("parameters")) {
            if (p.hasNonNull("name") && p.hasNonNull("value")) {
                out.put(p.get("name").asText(), p.get("value").asText());
            }
        }
        return out;
    }
}
