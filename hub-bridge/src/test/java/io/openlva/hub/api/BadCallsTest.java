package io.openlva.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.hub.SharedKafkaResource;
import io.openlva.graph.contract.Json;
import io.openlva.hub.TestGraphs;
import io.openlva.hub.TutorialReplay;
import io.openlva.hub.store.GraphStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Bad calls get LVA's status and error code, and change nothing. */
@QuarkusTest
@QuarkusTestResource(value = SharedKafkaResource.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadCallsTest {

    static final String TOPOLOGY = "BadCallsTopology";
    static final String ACTIVE = "bad-calls-active";
    static final String INACTIVE = "bad-calls-inactive";

    @Inject
    GraphStore store;

    private boolean fixtureReady;

    /** Not in @BeforeAll: RestAssured knows the test port only once a test runs. */
    void fixture() {
        if (fixtureReady) {
            return;
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(store::ready);
        if (store.topology(TOPOLOGY).isEmpty()) {
            assertThat(call("GraphTopologySet", TestGraphs.topology(TestGraphs.CUSTOM_VISION, TOPOLOGY).toString())
                    .status()).isEqualTo(201);
        }
        for (String i : List.of(ACTIVE, INACTIVE)) {
            if (store.instance(i).isEmpty()) {
                assertThat(call("GraphInstanceSet", instance(i).toString()).status()).isEqualTo(201);
            }
        }
        assertThat(call("GraphInstanceActivate", TestGraphs.named(ACTIVE)).status()).isEqualTo(200);
        fixtureReady = true;
    }

    static ObjectNode instance(String name) {
        return TestGraphs.instance(name, TOPOLOGY, TestGraphs.tutorialParameters());
    }

    static ObjectNode topology(String name, Consumer<ObjectNode> change) {
        ObjectNode t = TestGraphs.topology(TestGraphs.CUSTOM_VISION, name);
        change.accept((ObjectNode) t.get("properties"));
        return t;
    }

    static ObjectNode node(ObjectNode properties, String list, int index) {
        return (ObjectNode) properties.get(list).get(index);
    }

    static Arguments bad(String what, String method, String payload, int status, String code, String detailCode) {
        return Arguments.of(what, method, payload, status, code, detailCode);
    }

    static Stream<Arguments> badCalls() {
        String v = "{\"@apiVersion\":\"2.0\"";
        return Stream.of(
                bad("not JSON", "GraphTopologySet", "{\"@apiVersion\":\"2.0\",", 400, "InvalidResource", null),
                bad("JSON array", "GraphTopologySet", "[]", 400, "InvalidResource", null),
                bad("empty payload", "GraphTopologyList", "", 400, "InvalidResource", null),
                bad("JSON string", "GraphInstanceList", "\"2.0\"", 400, "InvalidResource", null),
                bad("no @apiVersion", "GraphTopologyList", "{}", 400, "InvalidResource", null),
                bad("@apiVersion 3.0", "GraphTopologyList", "{\"@apiVersion\":\"3.0\"}", 400, "ApiVersionNotSupported", null),
                bad("@apiVersion as number", "GraphInstanceList", "{\"@apiVersion\":1.0}", 400, "ApiVersionNotSupported", null),
                bad("LVA 2.0 on an AVA method", "pipelineTopologyList", "{\"@apiVersion\":\"2.0\"}", 400, "ApiVersionNotSupported", null),
                bad("AVA 1.1 on an LVA method", "GraphInstanceList", "{\"@apiVersion\":\"1.1\"}", 400, "ApiVersionNotSupported", null),
                bad("unknown method", "GraphTopologyReplace", TestGraphs.LIST, 404, "MethodNotFound", null),
                bad("Get without name", "GraphTopologyGet", v + "}", 400, "InvalidResource", null),
                bad("Get with numeric name", "GraphInstanceGet", v + ",\"name\":42}", 400, "InvalidResource", null),
                bad("unknown topology", "GraphTopologyGet", TestGraphs.named("NoSuchTopology"), 404, "NotFound", null),
                bad("unknown instance", "GraphInstanceGet", TestGraphs.named("no-such-instance"), 404, "NotFound", null),
                bad("unknown live pipeline", "livePipelineGet", "{\"@apiVersion\":\"1.1\",\"name\":\"nope\"}", 404, "NotFound", null),
                bad("activate unknown", "GraphInstanceActivate", TestGraphs.named("no-such-instance"), 404, "NotFound", null),
                bad("deactivate unknown", "GraphInstanceDeactivate", TestGraphs.named("no-such-instance"), 404, "NotFound", null),
                bad("delete unknown topology", "GraphTopologyDelete", TestGraphs.named("NoSuchTopology"), 204, null, null),
                bad("delete unknown instance", "GraphInstanceDelete", TestGraphs.named("no-such-instance"), 204, null, null),
                bad("instance of unknown topology", "GraphInstanceSet",
                        TestGraphs.instance("orphan", "NoSuchTopology", Map.of()).toString(), 400, "GraphTopologyNotFound", null),
                bad("change an active instance", "GraphInstanceSet", instance(ACTIVE).toString(), 409,
                        "OperationNotAllowedInState", null),
                bad("delete an active instance", "GraphInstanceDelete", TestGraphs.named(ACTIVE), 409,
                        "OperationNotAllowedInState", null),
                bad("change a topology in use", "GraphTopologySet",
                        TestGraphs.topology(TestGraphs.CUSTOM_VISION, TOPOLOGY).toString(), 409, "GraphTopologyInUse", null),
                bad("delete a topology in use", "GraphTopologyDelete", TestGraphs.named(TOPOLOGY), 409,
                        "GraphTopologyInUse", null),
                bad("topology without name", "GraphTopologySet",
                        withoutName(TestGraphs.topology(TestGraphs.CUSTOM_VISION, "x")), 400, "InvalidResource", null),
                bad("unknown node @type", "GraphTopologySet", topology("BadType", p -> node(p, "processors", 0)
                        .put("@type", "#Microsoft.Media.MediaGraphTeleporter")).toString(), 400, "InvalidResource", "UnknownType"),
                bad("input names a missing node", "GraphTopologySet", topology("BadInput", p -> ((ObjectNode) node(p, "sinks", 0)
                        .get("inputs").get(0)).put("nodeName", "nowhere")).toString(), 400, "InvalidResource", null),
                bad("duplicate node names", "GraphTopologySet", topology("BadDuplicate", p -> node(p, "sinks", 0)
                        .put("name", "httpExtension")).toString(), 400, "InvalidResource", null),
                bad("no sources", "GraphTopologySet", topology("BadNoSource", p -> p.putArray("sources")).toString(),
                        400, "InvalidResource", null),
                bad("undeclared parameter", "GraphTopologySet", topology("BadParam", p -> node(p, "sinks", 0)
                        .put("hubOutputName", "${nope}")).toString(), 400, "InvalidResource", "ParameterNotDeclared"),
                bad("bad scale mode", "GraphTopologySet", topology("BadScale", p -> ((ObjectNode) node(p, "processors", 0)
                        .get("image").get("scale")).put("mode", "squash")).toString(), 400, "InvalidResource", null),
                bad("AVA types with LVA 2.0", "GraphTopologySet", topology("BadFlavor", p -> p.findParents("@type")
                        .forEach(n -> ((ObjectNode) n).put("@type", n.get("@type").asText()
                                .replace("Microsoft.Media.MediaGraph", "Microsoft.VideoAnalyzer.")))).toString(),
                        400, "ApiVersionNotSupported", null),
                bad("instance without topologyName", "GraphInstanceSet", withoutTopologyName(), 400, "InvalidResource", null),
                bad("instance lacks a required parameter", "GraphInstanceSet",
                        TestGraphs.instance("missing-param", TOPOLOGY, Map.of()).toString(), 400, "InvalidResource",
                        "ParameterValueRequired"),
                bad("activate without @apiVersion", "GraphInstanceActivate", "{\"name\":\"" + INACTIVE + "\"}", 400,
                        "InvalidResource", null));
    }

    static String withoutName(ObjectNode t) {
        t.remove("name");
        return t.toString();
    }

    static String withoutTopologyName() {
        ObjectNode i = instance("no-topology-name");
        ((ObjectNode) i.get("properties")).remove("topologyName");
        return i.toString();
    }

    @ParameterizedTest(name = "{0}: {1} -> {3} {4}")
    @MethodSource("badCalls")
    void badCallsGetLvaStatusAndCode(String what, String method, String payload, int status, String code,
            String detailCode) {
        fixture();
        int topologies = store.topologies().size();
        int instances = store.instances().size();
        TutorialReplay.Reply r = call(method, payload);
        assertThat(r.status()).as(what + ": " + r.payload()).isEqualTo(status);
        if (code != null) {
            JsonNode error = Json.read(r.payload()).path("error");
            assertThat(error.path("code").asText()).as(what + ": " + r.payload()).isEqualTo(code);
            assertThat(error.path("message").asText()).isNotBlank();
            if (detailCode != null) {
                ArrayNode details = (ArrayNode) error.path("details");
                assertThat(details.findValuesAsText("code")).as(r.payload()).contains(detailCode);
            }
        } else {
            assertThat(r.payload()).isNullOrEmpty();
        }
        // nothing changed
        assertThat(store.topologies()).hasSize(topologies);
        assertThat(store.instances()).hasSize(instances);
        assertThat(store.instance(ACTIVE).orElseThrow().state().name()).isEqualTo("ACTIVE");
    }

    static TutorialReplay.Reply call(String method, String payload) {
        return GraphApiTest.method(method, payload);
    }
}
