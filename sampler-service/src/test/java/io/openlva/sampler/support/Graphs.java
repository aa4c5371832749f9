package io.openlva.sampler.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.graph.codec.GraphJson;
import io.openlva.graph.contract.Json;
import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.model.Instance;
import io.openlva.graph.model.Topology;
import io.openlva.graph.resolve.GraphResolver;
import io.openlva.graph.resolve.ResolvedGraph;
import io.openlva.sampler.flow.StreamPlan;
import io.openlva.sampler.graph.PlanBuilder;

/** The project's test topologies, resolved as services see them. */
public final class Graphs {

    private Graphs() {
    }

    public static String topologyJson(String resource) {
        try (InputStream in = Graphs.class.getResourceAsStream("/topologies/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test topology " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String instanceJson(String apiVersion, String name, String topologyName, Map<String, String> params) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("@apiVersion", apiVersion);
        root.put("name", name);
        ObjectNode props = root.putObject("properties");
        props.put("topologyName", topologyName);
        ArrayNode arr = props.putArray("parameters");
        params.forEach((k, v) -> arr.addObject().put("name", k).put("value", v));
        return Json.writeString(root);
    }

    public static ResolvedGraph resolve(String resource, String instance, Map<String, String> params) {
        Topology t = GraphJson.readTopology(topologyJson(resource));
        Instance i = GraphJson.readInstance(instanceJson(t.apiVersion(), instance, t.name(), params));
        return GraphResolver.resolve(t, i);
    }

    public static StreamPlan plan(String resource, String instance, Map<String, String> params) {
        ResolvedGraph g = resolve(resource, instance, params);
        return new PlanBuilder(90).plans(instance, g.nodes()).get(new StreamKey(instance, "rtspSource"));
    }
}
