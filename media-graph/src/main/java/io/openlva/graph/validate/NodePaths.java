package io.openlva.graph.validate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.openlva.graph.model.Node;
import io.openlva.graph.model.NodeRole;
import io.openlva.graph.model.Topology;

/** Where each node of a topology sits in the document: {@code properties.processors[1]}. */
final class NodePaths {

    private final Map<Node, String> paths = new LinkedHashMap<>();
    private final Map<String, Node> byName = new LinkedHashMap<>();

    NodePaths(Topology t) {
        add(t.sources(), NodeRole.SOURCE);
        add(t.processors(), NodeRole.PROCESSOR);
        add(t.sinks(), NodeRole.SINK);
    }

    private void add(List<Node> nodes, NodeRole role) {
        for (int i = 0; i < nodes.size(); i++) {
            paths.put(nodes.get(i), "properties." + role.listName() + "[" + i + "]");
            byName.putIfAbsent(nodes.get(i).name(), nodes.get(i));
        }
    }

    String path(Node n) {
        return paths.get(n);
    }

    String input(Node n, int index) {
        return path(n) + ".inputs[" + index + "]";
    }

    Node byName(String name) {
        return byName.get(name);
    }

    Iterable<Node> nodes() {
        return paths.keySet();
    }
}
