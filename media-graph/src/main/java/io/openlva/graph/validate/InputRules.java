package io.openlva.graph.validate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.openlva.graph.model.Node;
import io.openlva.graph.model.NodeInput;
import io.openlva.graph.model.NodeRole;
import io.openlva.graph.model.Topology;

/** Inputs name existing, non-sink nodes; the graph has a source and a sink and no cycle. */
final class InputRules implements TopologyRule {

    @Override
    public List<ErrorDetail> check(Topology t) {
        List<ErrorDetail> out = new ArrayList<>();
        if (t.sources().isEmpty()) {
            out.add(new ErrorDetail(ErrorCodes.GRAPH_VALIDATION_ERROR, "properties.sources", "A topology needs at least one source."));
        }
        if (t.sinks().isEmpty()) {
            out.add(new ErrorDetail(ErrorCodes.GRAPH_VALIDATION_ERROR, "properties.sinks", "A topology needs at least one sink."));
        }
        NodePaths paths = new NodePaths(t);
        boolean referencesOk = true;
        for (Node n : paths.nodes()) {
            List<NodeInput> inputs = n.inputs();
            for (int i = 0; i < inputs.size(); i++) {
                String target = paths.input(n, i) + ".nodeName";
                String ref = inputs.get(i).nodeName();
                if (ref == null) {
                    continue;
                }
                Node up = paths.byName(ref);
                if (up == null) {
                    out.add(new ErrorDetail(ErrorCodes.GRAPH_VALIDATION_ERROR, target, "The input node '" + ref + "' does not exist."));
                    referencesOk = false;
                } else if (up == n) {
                    out.add(new ErrorDetail(ErrorCodes.GRAPH_VALIDATION_ERROR, target, "The node '" + ref + "' cannot be its own input."));
                    referencesOk = false;
                } else if (up.role() == NodeRole.SINK) {
                    out.add(new ErrorDetail(ErrorCodes.GRAPH_VALIDATION_ERROR, target, "The sink '" + ref + "' cannot feed another node."));
                    referencesOk = false;
                }
                for (int j = 0; j < i; j++) {
                    if (ref.equals(inputs.get(j).nodeName())) {
                        out.add(new ErrorDetail(ErrorCodes.GRAPH_VALIDATION_ERROR, target, "The input node '" + ref + "' is listed twice."));
                    }
                }
            }
        }
        if (referencesOk) {
            ErrorDetail cycle = findCycle(paths);
            if (cycle != null) {
                out.add(cycle);
            }
        }
        return out;
    }

    /** Depth-first search; reports the input that closes a cycle. */
    private static ErrorDetail findCycle(NodePaths paths) {
        Map<Node, Integer> state = new HashMap<>(); // 1 = on stack, 2 = done
        for (Node n : paths.nodes()) {
            ErrorDetail d = visit(n, paths, state);
            if (d != null) {
                return d;
            }
        }
        return null;
    }

    private static ErrorDetail visit(Node n, NodePaths paths, Map<Node, Integer> state) {
        Integer s = state.get(n);
        if (s != null) {
            return null;
        }
        state.put(n, 1);
        for (int i = 0; i < n.inputs().size(); i++) {
            Node up = paths.byName(n.inputs().get(i).nodeName());
            if (up == null) {
                continue;
            }
            if (Integer.valueOf(1).equals(state.get(up))) {
                return new ErrorDetail(ErrorCodes.GRAPH_VALIDATION_ERROR, paths.input(n, i) + ".nodeName",
                        "The input '" + up.name() + "' of '" + n.name() + "' closes a cycle.");
            }
            ErrorDetail d = visit(up, paths, state);
            if (d != null) {
                return d;
            }
        }
        state.put(n, 2);
        return null;
    }
}
