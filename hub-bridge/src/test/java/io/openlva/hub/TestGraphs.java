package io.openlva.hub;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.graph.contract.Json;

/** Topologies written in the project (src/test/resources/topologies) and direct-method payloads. */
public final class TestGraphs {

    private TestGraphs() {
    }

    public static final String CUSTOM_VISION = "custom-vision-http.json";
    public static final String HUB_TRIGGERED = "hub-triggered-recording.json";
    public static final String GRPC = "grpc-extension.json";

    /** A topology document, renamed. */
    public static ObjectNode topology(String file, String name) {
        try (InputStream in = TestGraphs.class.getResourceAsStream("/topologies/" + file)) {
            ObjectNode t = (ObjectNode) Json.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            t.put("name", name);
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tutorial's GraphInstanceSet body, for any topology. */
    public static ObjectNode instance(String name, String topologyName, Map<String, String> parameters) {
        ObjectNode i = Json.mapper().createObjectNode();
        i.put("@apiVersion", "2.0");
        i.put("name", name);
        ObjectNode props = i.putObject("properties");
        props.put("topologyName", topologyName);
        props.put("description", "Sample graph description");
        ArrayNode params = props.putArray("parameters");
        parameters.forEach((k, v) -> params.addObject().put("name", k).put("value", v));
        return i;
    }

    /** The tutorial's instance parameters (its password must never come back). */
    public static Map<String, String> tutorialParameters() {
        return Map.of("inferencingUrl", "http://cv:80/image", "rtspUrl", "rtsp://rtspsim:554/media/t2.mkv",
                "rtspUserName", "testuser", "rtspPassword", "testpassword");
    }

    public static String named(String name) {
        return "{\"@apiVersion\":\"2.0\",\"name\":\"" + name + "\"}";
    }

    public static final String LIST = "{\"@apiVersion\":\"2.0\"}";
}
