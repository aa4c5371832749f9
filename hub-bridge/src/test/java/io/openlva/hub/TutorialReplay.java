package io.openlva.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.openlva.graph.contract.Json;

/**
 * The call sequence of the LVA tutorial's operations.json ("Run the sample program"), unchanged, against any
 * transport (IoT Hub direct methods over MQTT, POST /api/methods/{name}).
 */
public final class TutorialReplay {

    /** One direct-method call as a transport makes it. */
    @FunctionalInterface
    public interface Caller {
        Reply call(String method, String payload) throws Exception;
    }

    public record Reply(int status, String payload) {
        JsonNode json() {
            return payload == null || payload.isBlank() ? Json.mapper().nullNode() : Json.read(payload);
        }
    }

    /** What was called and answered, for the report. */
    public record Call(String method, int status) {
    }

    private TutorialReplay() {
    }

    /** Runs the sequence, asserting LVA's statuses; the graph topics must hold no graph at the start. */
    public static List<Call> run(Caller caller, String topologyName, String instanceName) throws Exception {
        List<Call> calls = new ArrayList<>();
        Reply r = call(caller, calls, "GraphTopologyList", TestGraphs.LIST);
        assertThat(r.status()).isEqualTo(200);
        assertThat(names(r)).doesNotContain(topologyName);
        r = call(caller, calls, "GraphInstanceList", TestGraphs.LIST);
        assertThat(r.status()).isEqualTo(200);
        assertThat(names(r)).doesNotContain(instanceName);

        r = call(caller, calls, "GraphTopologySet", TestGraphs.topology(TestGraphs.CUSTOM_VISION, topologyName).toString());
        assertThat(r.status()).as(r.payload()).isEqualTo(201);
        assertThat(r.json().path("name").asText()).isEqualTo(topologyName);

        r = call(caller, calls, "GraphInstanceSet",
                TestGraphs.instance(instanceName, topologyName, TestGraphs.tutorialParameters()).toString());
        assertThat(r.status()).as(r.payload()).isEqualTo(201);
        assertThat(r.json().path("properties").path("state").asText()).isEqualToIgnoringCase("inactive");
        assertThat(r.payload()).doesNotContain("testpassword");

        r = call(caller, calls, "GraphInstanceActivate", TestGraphs.named(instanceName));
        assertThat(r.status()).as(r.payload()).isEqualTo(200);

        r = call(caller, calls, "GraphInstanceList", TestGraphs.LIST);
        assertThat(r.status()).isEqualTo(200);
        JsonNode running = find(r, instanceName);
        assertThat(running.path("properties").path("state").asText()).isEqualToIgnoringCase("active");
        assertThat(r.payload()).doesNotContain("testpassword");

        r = call(caller, calls, "GraphInstanceDeactivate", TestGraphs.named(instanceName));
        assertThat(r.status()).isEqualTo(200);
        r = call(caller, calls, "GraphInstanceDelete", TestGraphs.named(instanceName));
        assertThat(r.status()).isEqualTo(200);
        r = call(caller, calls, "GraphTopologyDelete", TestGraphs.named(topologyName));
        assertThat(r.status()).isEqualTo(200);
        r = call(caller, calls, "GraphTopologyList", TestGraphs.LIST);
        assertThat(r.status()).isEqualTo(200);
        assertThat(names(r)).doesNotContain(topologyName);
        return calls;
    }

    private static Reply call(Caller caller, List<Call> calls, String method, String payload) throws Exception {
        Reply r = caller.call(method, payload);
        calls.add(new Call(method, r.status()));
        return r;
    }

    public static List<String> names(Reply r) {
        List<String> names = new ArrayList<>();
        r.json().path("value").forEach(v -> names.add(v.path("name").asText()));
        return names;
    }

    private static JsonNode find(Reply r, String name) {
        for (JsonNode v : r.json().path("value")) {
            if (name.equals(v.path("name").asText())) {
                return v;
            }
        }
        throw new AssertionError(name + " not listed in " + r.payload());
    }
}
