package io.openlva.hub.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.graph.contract.Json;
import io.openlva.hub.SharedKafkaResource;
import io.openlva.hub.TestGraphs;
import io.openlva.hub.graph.GraphLimits;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Mutated versions of the project's topologies and instances (types swapped, fields dropped or added, huge strings,
 * deep nesting, unicode, node and parameter floods) through {@code /api/methods}, seeded so a failure can be
 * replayed: never a 5xx, never a call that hangs, and the hub stays ready. Also the documented limits, each with
 * LVA's error body.
 */
@QuarkusTest
@QuarkusTestResource(value = SharedKafkaResource.class, restrictToAnnotatedClass = false)
class ApiFuzzTest {

    private static final int CASES = 2_000;
    private static final long SEED = 20261201L;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] SET_METHODS = { "GraphTopologySet", "pipelineTopologySet" };
    private static final String[] INSTANCE_METHODS = { "GraphInstanceSet", "livePipelineSet" };
    private static final String[] NAMED_METHODS = { "GraphTopologyGet", "GraphInstanceGet", "GraphInstanceActivate",
        "GraphInstanceDeactivate", "GraphInstanceDelete", "livePipelineGet", "pipelineTopologyDelete" };

    /** A call that does not answer in 15 s counts as hung (RestAssured's socket timeout). */
    private static final RestAssuredConfig BOUNDED = RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
            .setParam("http.connection.timeout", 5_000).setParam("http.socket.timeout", 15_000));

    private final Set<String> createdTopologies = new LinkedHashSet<>();
    private final Set<String> createdInstances = new LinkedHashSet<>();

    private Response call(String method, String payload) {
        return given().config(BOUNDED).contentType(ContentType.JSON).body(payload).post("/api/methods/" + method);
    }

    @Test
    void mutatedDocumentsNeverGiveA5xxNorHangAndTheHubStaysReady() {
        Random random = new Random(SEED);
        List<ObjectNode> topologies = List.of(TestGraphs.topology(TestGraphs.CUSTOM_VISION, "fuzz-topology"),
                TestGraphs.topology(TestGraphs.HUB_TRIGGERED, "fuzz-topology"),
                TestGraphs.topology(TestGraphs.GRPC, "fuzz-topology"));
        ObjectNode instance = TestGraphs.instance("fuzz-instance", "fuzz-topology",
                Map.of("rtspUrl", "rtsp://user:p@ss@camera/stream"));
        assertThat(call("GraphTopologySet", topologies.get(0).toString()).statusCode()).isIn(200, 201);
        int fiveHundreds = 0;
        int hangs = 0;
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        List<String> failures = new ArrayList<>();
        try {
            for (int i = 0; i < CASES; i++) {
                int kind = random.nextInt(10);
                String method;
                String payload;
                if (kind < 5) {
                    method = SET_METHODS[random.nextInt(SET_METHODS.length)];
                    payload = mutate(topologies.get(random.nextInt(topologies.size())).deepCopy(), random);
                } else if (kind < 9) {
                    method = INSTANCE_METHODS[random.nextInt(INSTANCE_METHODS.length)];
                    payload = mutate(instance.deepCopy(), random);
                } else {
                    method = NAMED_METHODS[random.nextInt(NAMED_METHODS.length)];
                    payload = mutate((ObjectNode) Json.read(TestGraphs.named("fuzz-instance")), random);
                }
                Response r;
                try {
                    r = call(method, payload);
                } catch (RuntimeException e) {
                    hangs++;
                    failures.add("case " + i + " " + method + ": no answer: " + e);
                    continue;
                }
                statuses.merge(r.statusCode(), 1, Integer::sum);
                if (r.statusCode() >= 500) {
                    fiveHundreds++;
                    failures.add("case " + i + " " + method + ": " + r.statusCode() + " " + r.asString());
                } else if (r.statusCode() == 201) {
                    remember(method, r.asString());
                }
                if (r.statusCode() >= 400) {
                    // every refusal is LVA's error body
                    JsonNode body = Json.read(r.asString());
                    assertThat(body.path("error").path("code").asText()).as("case %d %s: %s", i, method, r.asString())
                            .isNotBlank();
                }
                assertThat(r.asString()).as("case %d: a secret came back", i).doesNotContain("p@ss@");
            }
        } finally {
            cleanUp();
        }
        System.out.printf("[hub-bridge] fuzz: %d cases (seed %d), %d 5xx, %d hangs, statuses %s%n", CASES, SEED,
                fiveHundreds, hangs, statuses);
        assertThat(failures).isEmpty();
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void theDocumentedLimitsAreRefusedWithLvasErrorBody() {
        ObjectNode big = TestGraphs.topology(TestGraphs.CUSTOM_VISION, "too-big");
        big.with("properties").put("description", "x".repeat(GraphLimits.MAX_DOCUMENT_CHARS));
        Response r = call("GraphTopologySet", big.toString());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(Json.read(r.asString()).path("error").path("code").asText()).isEqualTo("InvalidResource");

        ObjectNode many = TestGraphs.topology(TestGraphs.CUSTOM_VISION, "too-many-nodes");
        ArrayNode sinks = many.with("properties").withArray("sinks");
        JsonNode sink = sinks.get(0);
        for (int i = 0; i < GraphLimits.MAX_NODES; i++) {
            sinks.add(((ObjectNode) sink.deepCopy()).put("name", "hubSink" + i));
        }
        r = call("GraphTopologySet", many.toString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Json.read(r.asString()).path("error").path("message").asText()).contains("nodes");
        assertThat(call("GraphTopologyGet", TestGraphs.named("too-many-nodes")).statusCode()).isEqualTo(404);
    }

    private void remember(String method, String answer) {
        String name = Json.read(answer).path("name").asText(null);
        if (name == null) {
            return;
        }
        (method.toLowerCase().contains("topology") ? createdTopologies : createdInstances).add(name);
    }

    private void cleanUp() {
        createdInstances.add("fuzz-instance");
        for (String i : createdInstances) {
            call("GraphInstanceDeactivate", Json.mapper().createObjectNode().put("@apiVersion", "2.0").put("name", i).toString());
            call("GraphInstanceDelete", Json.mapper().createObjectNode().put("@apiVersion", "2.0").put("name", i).toString());
        }
        createdTopologies.add("fuzz-topology");
        for (String t : createdTopologies) {
            call("GraphTopologyDelete", Json.mapper().createObjectNode().put("@apiVersion", "2.0").put("name", t).toString());
        }
    }

    /** One to three mutations anywhere in the document; some produce text that is not JSON at all. */
    private static String mutate(ObjectNode doc, Random random) {
        int n = 1 + random.nextInt(3);
        for (int k = 0; k < n; k++) {
            List<Object[]> slots = new ArrayList<>();
            collect(doc, slots);
            if (slots.isEmpty()) {
                break; // everything was removed already
            }
            Object[] slot = slots.get(random.nextInt(slots.size()));
            JsonNode parent = (JsonNode) slot[0];
            switch (random.nextInt(7)) {
                case 0 -> remove(parent, slot[1]);
                case 1 -> set(parent, slot[1], strange(random));
                case 2 -> set(parent, slot[1], NODES.textNode(unicode(random)));
                case 3 -> set(parent, slot[1], NODES.textNode("y".repeat(1 + random.nextInt(GraphLimits.MAX_DOCUMENT_CHARS / 2))));
                case 4 -> {
                    if (parent instanceof ObjectNode o) {
                        o.set("unknown" + random.nextInt(100), strange(random));
                    }
                }
                case 5 -> {
                    if (parent instanceof ArrayNode a && a.size() > 0) {
                        JsonNode copy = a.get(0);
                        for (int c = 0; c < 1 + random.nextInt(150); c++) {
                            a.add(copy.deepCopy());
                        }
                    }
                }
                default -> set(parent, slot[1], NODES.numberNode(random.nextBoolean() ? Long.MAX_VALUE : -random.nextInt(5)));
            }
        }
        String text = doc.toString();
        return switch (random.nextInt(12)) {
            case 0 -> "[".repeat(3_000) + "]".repeat(3_000); // deeper than the parser allows
            case 1 -> text.substring(0, random.nextInt(Math.max(1, text.length()))); // cut short
            case 2 -> text.replaceFirst("\\{", "{\"@apiVersion\":\"2.0\","); // duplicate key
            case 3 -> nest(text, 200 + random.nextInt(800));
            default -> text;
        };
    }

    private static String nest(String text, int depth) {
        return text.replaceFirst("\"properties\":", "\"properties\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)
                + ",\"was\":");
    }

    private static JsonNode strange(Random random) {
        return switch (random.nextInt(7)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.arrayNode().add(1).add("two");
            case 3 -> NODES.objectNode().put("@type", "#Microsoft.Media.MediaGraphNothing");
            case 4 -> NODES.numberNode(1e308 * 10);
            case 5 -> NODES.textNode("${" + "x".repeat(random.nextInt(300)) + "}");
            default -> NODES.textNode("");
        };
    }

    private static String unicode(Random random) {
        String[] parts = { "\u0000", "\u202E", "\uD83D\uDE00", "名前", "\uFEFF", "../../etc/passwd", "a b", "\n", "\uDC00" };
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 1 + random.nextInt(6); i++) {
            sb.append(parts[random.nextInt(parts.length)]);
        }
        return sb.toString();
    }

    private static void collect(JsonNode node, List<Object[]> slots) {
        if (node instanceof ObjectNode o) {
            for (Iterator<String> it = o.fieldNames(); it.hasNext();) {
                String f = it.next();
                slots.add(new Object[] { o, f });
                collect(o.get(f), slots);
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                slots.add(new Object[] { a, i });
                collect(a.get(i), slots);
            }
        }
    }

    private static void remove(JsonNode parent, Object key) {
        if (parent instanceof ObjectNode o) {
            o.remove((String) key);
        } else if (parent instanceof ArrayNode a) {
            a.remove((Integer) key);
        }
    }

    private static void set(JsonNode parent, Object key, JsonNode value) {
        if (parent instanceof ObjectNode o) {
            o.set((String) key, value);
        } else if (parent instanceof ArrayNode a) {
            a.set((Integer) key, value);
        }
    }
}
