package io.openlva.graph.resolve;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.openlva.graph.codec.NodeParser;
import io.openlva.graph.codec.PropertyReader;
import io.openlva.graph.model.Instance;
import io.openlva.graph.model.Node;
import io.openlva.graph.model.NodeRole;
import io.openlva.graph.model.ParameterDeclaration;
import io.openlva.graph.model.Topology;
import io.openlva.graph.param.Placeholders;
import io.openlva.graph.param.SystemVariables;
import io.openlva.graph.validate.GraphValidator;
import io.openlva.graph.validate.Problems;

/**
 * Applies an instance to its topology: parameter values (instance, else default) and the graph's name
 * variables are substituted in the document, which is then read strictly, so a value that does not fit its
 * property (e.g. sensitivity {@code "extreme"}) is reported at the instance parameter that supplied it.
 */
public final class GraphResolver {

    private GraphResolver() {
    }

    public static ResolvedGraph resolve(Topology topology, Instance instance) {
        GraphValidator.validateTopology(topology);
        GraphValidator.validateInstance(instance, topology);
        Map<String, String> values = new HashMap<>();
        for (ParameterDeclaration d : topology.parameters()) {
            String v = instance.parameters().getOrDefault(d.name(), d.defaultValue());
            if (v != null) {
                values.put(d.name(), v);
            }
        }
        JsonNode props = topology.raw().path("properties");
        JsonNode resolved = Placeholders.substitute(props, ref -> Placeholders.isSystem(ref)
                ? SystemVariables.graphValue(ref, topology.name(), instance.name())
                : values.get(ref));

        // a problem in a value that came from an instance parameter is reported at that parameter
        List<String> instanceParams = new ArrayList<>(instance.parameters().keySet());
        Map<String, List<String>> refs = Placeholders.referencesInNodes(topology.raw());
        Map<String, String> retarget = new LinkedHashMap<>();
        refs.forEach((path, names) -> names.stream().filter(instanceParams::contains).findFirst()
                .ifPresent(p -> retarget.put(path, "properties.parameters[" + instanceParams.indexOf(p) + "].value")));
        Problems problems = new Problems(path -> retarget.getOrDefault(path, path));

        PropertyReader root = new PropertyReader(resolved, "properties", problems, false);
        NodeParser parser = new NodeParser(topology.apiVersion());
        List<Node> nodes = new ArrayList<>();
        for (NodeRole role : NodeRole.values()) {
            for (PropertyReader n : root.objects(role.listName(), false)) {
                Node node = parser.parse(n, role);
                if (node != null) {
                    nodes.add(node);
                }
            }
        }
        problems.throwIfAny();
        return new ResolvedGraph(topology.name(), instance.name(), nodes);
    }
}
