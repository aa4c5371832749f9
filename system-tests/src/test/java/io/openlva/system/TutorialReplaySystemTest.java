package io.openlva.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.graph.contract.Json;
import io.openlva.launcher.GraphApi;

/**
 * The seed tutorial's operations.json sequence, replayed unchanged through {@code POST /api/methods/{name}}
 * against the running pipeline, with the statuses and payloads LVA documents.
 */
class TutorialReplaySystemTest {

    @Test
    void replaysTheTutorialSequence() throws Exception {
        GraphApi api = SystemPipeline.shared().api();
        List<String> transcript = new ArrayList<>();

        GraphApi.Response r = record(transcript, "GraphTopologyList", api.call("GraphTopologyList", SystemPipeline.call("2.0", null)));
        assertThat(r.status()).isEqualTo(200);
        assertThat(names(r.payload())).doesNotContain("InferencingWithHttpExtension");
        r = record(transcript, "GraphInstanceList", api.call("GraphInstanceList", SystemPipeline.call("2.0", null)));
        assertThat(r.status()).isEqualTo(200);
        assertThat(names(r.payload())).doesNotContain("Sample-Graph-1");

        r = record(transcript, "GraphTopologySet", api.call("GraphTopologySet", SystemPipeline.resource("tutorial-topology.json")));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.payload().path("name").asText()).isEqualTo("InferencingWithHttpExtension");
        assertThat(r.payload().toString()).doesNotContain("dummyPassword");

        ObjectNode instance = (ObjectNode) Json.read("""
                {
                  "@apiVersion": "2.0",
                  "name": "Sample-Graph-1",
                  "properties": {
                    "topologyName": "InferencingWithHttpExtension",
                    "description": "Sample graph description",
                    "parameters": [
                      { "name": "inferencingUrl", "value": "http://127.0.0.1:9/image" },
                      { "name": "rtspUrl", "value": "rtsp://127.0.0.1:9/media/t2.mkv" },
                      { "name": "rtspUserName", "value": "testuser" },
                      { "name": "rtspPassword", "value": "testpassword" }
                    ]
                  }
                }
                """);
        r = record(transcript, "GraphInstanceSet", api.call("GraphInstanceSet", instance));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.payload().toString()).doesNotContain("testpassword");
        assertThat(r.payload().path("properties").path("state").asText()).isEqualToIgnoringCase("Inactive");

        r = record(transcript, "GraphInstanceActivate", api.call("GraphInstanceActivate", SystemPipeline.call("2.0", "Sample-Graph-1")));
        assertThat(r.status()).isEqualTo(200);
        r = record(transcript, "GraphInstanceList", api.call("GraphInstanceList", SystemPipeline.call("2.0", null)));
        assertThat(r.status()).isEqualTo(200);
        assertThat(stateOf(r.payload(), "Sample-Graph-1")).isEqualToIgnoringCase("Active");

        r = record(transcript, "GraphInstanceDeactivate", api.call("GraphInstanceDeactivate", SystemPipeline.call("2.0", "Sample-Graph-1")));
        assertThat(r.status()).isEqualTo(200);
        r = record(transcript, "GraphInstanceDelete", api.call("GraphInstanceDelete", SystemPipeline.call("2.0", "Sample-Graph-1")));
        assertThat(r.status()).isEqualTo(200);
        r = record(transcript, "GraphTopologyDelete", api.call("GraphTopologyDelete", SystemPipeline.call("2.0", "InferencingWithHttpExtension")));
        assertThat(r.status()).isEqualTo(200);
        r = record(transcript, "GraphTopologyList", api.call("GraphTopologyList", SystemPipeline.call("2.0", null)));
        assertThat(r.status()).isEqualTo(200);
        assertThat(names(r.payload())).doesNotContain("InferencingWithHttpExtension");

        // what LVA answered to the calls that no longer apply
        r = record(transcript, "GraphTopologyGet", api.call("GraphTopologyGet", SystemPipeline.call("2.0", "InferencingWithHttpExtension")));
        assertThat(r.status()).isEqualTo(404);
        r = record(transcript, "GraphInstanceDelete", api.call("GraphInstanceDelete", SystemPipeline.call("2.0", "Sample-Graph-1")));
        assertThat(r.status()).isEqualTo(204);
        System.out.println("tutorial replay: " + String.join(", ", transcript));
    }

    private static GraphApi.Response record(List<String> transcript, String method, GraphApi.Response r) {
        transcript.add(method + "=" + r.status());
        return r;
    }

    static List<String> names(JsonNode listPayload) {
        List<String> names = new ArrayList<>();
        listPayload.path("value").forEach(v -> names.add(v.path("name").asText()));
        return names;
    }

    static String stateOf(JsonNode listPayload, String name) {
        for (JsonNode v : listPayload.path("value")) {
            if (name.equals(v.path("name").asText())) {
                return v.path("properties").path("state").asText();
            }
        }
        return "(absent)";
    }
}
