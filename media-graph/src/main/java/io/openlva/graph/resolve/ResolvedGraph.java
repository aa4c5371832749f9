package io.openlva.graph.resolve;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.openlva.graph.model.Node;
import io.openlva.graph.model.NodeInput;
import io.openlva.graph.model.RtspSource;

/** A topology with an instance's values applied: every node field is final (run-time date-times excepted). */
public record ResolvedGraph(String topologyName, String instanceName, List<Node> nodes) {

    public ResolvedGraph {
        nodes = List.copyOf(nodes);
    }

    public <T extends Node> List<T> nodes(Class<T> type) {
        return nodes.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public Optional<Node> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    /** Nodes listing {@code nodeName} in their inputs. */
    public List<Node> downstreamOf(String nodeName) {
        return nodes.stream().filter(n -> n.inputs().stream().anyMatch(i -> i.nodeName().equals(nodeName))).toList();
    }

    /** The nodes {@code nodeName} lists as inputs. */
    public List<Node> upstreamOf(String nodeName) {
        return node(nodeName).map(n -> n.inputs().stream().map(NodeInput::nodeName).map(this::node)
                .flatMap(Optional::stream).toList()).orElse(List.of());
    }

    /** The RTSP source feeding this node, walking inputs breadth-first (the node itself if it is one). */
    public Optional<RtspSource> sourceOf(String nodeName) {
        Deque<String> queue = new ArrayDeque<>(List.of(nodeName));
        Set<String> seen = new HashSet<>();
        while (!queue.isEmpty()) {
            String name = queue.poll();
            if (!seen.add(name)) {
                continue;
            }
            Optional<Node> n = node(name);
            if (n.isEmpty()) {
                continue;
            }
            if (n.get() instanceof RtspSource s) {
                return Optional.of(s);
            }
            List<String> ups = new ArrayList<>();
            n.get().inputs().forEach(i -> ups.add(i.nodeName()));
            queue.addAll(ups);
        }
        return Optional.empty();
    }
}
