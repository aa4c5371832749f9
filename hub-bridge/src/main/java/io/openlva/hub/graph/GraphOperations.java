package io.openlva.hub.graph;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.graph.codec.GraphJson;
import io.openlva.graph.contract.Json;
import io.openlva.graph.model.Instance;
import io.openlva.graph.model.InstanceState;
import io.openlva.graph.model.Node;
import io.openlva.graph.model.NodeKind;
import io.openlva.graph.model.Topology;
import io.openlva.graph.resolve.GraphResolver;
import io.openlva.graph.validate.ErrorDetail;
import io.openlva.graph.validate.GraphValidationException;
import io.openlva.graph.validate.GraphValidator;
import io.openlva.hub.store.GraphStore;

/**
 * The graph operations behind every entry point (direct methods, /api/methods, the resource API), with LVA's
 * status codes: 201 created / 200 updated, 404 on a missing Get, 204 on a Delete of nothing, 409 on state
 * conflicts, 400 with the validation error body. One writer lock: the compacted topics see one change at a time.
 */
public class GraphOperations {

    private static final Logger LOG = Logger.getLogger(GraphOperations.class);

    private final GraphStore store;
    private final Set<NodeKind> runnableKinds;
    private final Duration deactivationGrace;
    private final ReentrantLock writes = new ReentrantLock();

    public GraphOperations(GraphStore store, Set<NodeKind> runnableKinds, Duration deactivationGrace) {
        this.store = store;
        this.runnableKinds = Set.copyOf(runnableKinds);
        this.deactivationGrace = deactivationGrace;
    }

    // ---- topologies

    public MethodResult listTopologies() {
        ArrayNode value = Json.mapper().createArrayNode();
        store.topologies().forEach(t -> value.add(Json.read(GraphJson.writeTopology(t))));
        return MethodResult.ok(list(value));
    }

    public MethodResult getTopology(String name) {
        return store.topology(name)
                .map(t -> MethodResult.ok(Json.read(GraphJson.writeTopology(t))))
                .orElseGet(() -> notFound("graph topology", name));
    }

    public MethodResult setTopology(JsonNode payload) {
        Topology topology;
        try {
            topology = GraphJson.readTopology(payload.toString());
            GraphValidator.validateTopology(topology);
        } catch (GraphValidationException e) {
            return MethodResult.error(400, e.error());
        }
        writes.lock();
        try {
            Optional<Instance> busy = store.instances().stream()
                    .filter(i -> topology.name().equals(i.topologyName()) && i.state() != InstanceState.INACTIVE)
                    .findFirst();
            if (busy.isPresent()) {
                return MethodResult.error(409, ErrorCodes.GRAPH_TOPOLOGY_IN_USE,
                        "graph topology '" + topology.name() + "' is used by graph instance '" + busy.get().name()
                                + "' which is " + stateName(busy.get().state()) + "; deactivate it first");
            }
            boolean created = store.topology(topology.name()).isEmpty();
            store.put(topology);
            LOG.infof("graph topology '%s' %s", topology.name(), created ? "created" : "updated");
            return new MethodResult(created ? 201 : 200, Json.read(GraphJson.writeTopology(topology)));
        } finally {
            writes.unlock();
        }
    }

    public MethodResult deleteTopology(String name) {
        writes.lock();
        try {
            if (store.topology(name).isEmpty()) {
                return new MethodResult(204, null);
            }
            List<String> users = store.instances().stream().filter(i -> name.equals(i.topologyName()))
                    .map(Instance::name).toList();
            if (!users.isEmpty()) {
                return MethodResult.error(409, ErrorCodes.GRAPH_TOPOLOGY_IN_USE,
                        "graph topology '" + name + "' is used by graph instances " + users + "; delete them first");
            }
            store.deleteTopology(name);
            LOG.infof("graph topology '%s' deleted", name);
            return new MethodResult(200, null);
        } finally {
            writes.unlock();
        }
    }

    // ---- instances

    public MethodResult listInstances() {
        ArrayNode value = Json.mapper().createArrayNode();
        store.instances().forEach(i -> value.add(instanceJson(i)));
        return MethodResult.ok(list(value));
    }

    public MethodResult getInstance(String name) {
        return store.instance(name)
                .map(i -> MethodResult.ok(instanceJson(i)))
                .orElseGet(() -> notFound("graph instance", name));
    }

    public MethodResult setInstance(JsonNode payload) {
        Instance instance;
        try {
            instance = GraphJson.readInstance(payload.toString());
        } catch (GraphValidationException e) {
            return MethodResult.error(400, e.error());
        }
        writes.lock();
        try {
            Optional<Topology> topology = store.topology(instance.topologyName());
            if (topology.isEmpty()) {
                return MethodResult.error(400, ErrorCodes.GRAPH_TOPOLOGY_NOT_FOUND,
                        "graph topology '" + instance.topologyName() + "' does not exist",
                        new ErrorDetail(ErrorCodes.GRAPH_TOPOLOGY_NOT_FOUND, "properties.topologyName",
                                "set the graph topology before the graph instance"));
            }
            try {
                GraphValidator.validateInstance(instance, topology.get());
            } catch (GraphValidationException e) {
                return MethodResult.error(400, e.error());
            }
            Optional<Instance> existing = store.instance(instance.name());
            if (existing.isPresent() && existing.get().state() != InstanceState.INACTIVE) {
                return notInState(existing.get(), "changed");
            }
            Instance stored = instance.withState(InstanceState.INACTIVE);
            store.put(stored);
            LOG.infof("graph instance '%s' %s", stored.name(), existing.isEmpty() ? "created" : "updated");
            return new MethodResult(existing.isEmpty() ? 201 : 200, instanceJson(stored));
        } finally {
            writes.unlock();
        }
    }

    public MethodResult deleteInstance(String name) {
        writes.lock();
        try {
            Optional<Instance> existing = store.instance(name);
            if (existing.isEmpty()) {
                return new MethodResult(204, null);
            }
            if (existing.get().state() != InstanceState.INACTIVE) {
                return notInState(existing.get(), "deleted");
            }
            store.deleteInstance(name);
            LOG.infof("graph instance '%s' deleted", name);
            return new MethodResult(200, null);
        } finally {
            writes.unlock();
        }
    }

    /** Activating, then Active: services follow the instances topic and start their nodes. */
    public MethodResult activate(String name) {
        writes.lock();
        try {
            Optional<Instance> existing = store.instance(name);
            if (existing.isEmpty()) {
                return notFound("graph instance", name);
            }
            Instance instance = existing.get();
            switch (instance.state()) {
                case ACTIVE:
                    return new MethodResult(200, null);
                case DEACTIVATING:
                    return notInState(instance, "activated");
                default:
                    break;
            }
            Optional<Topology> topology = store.topology(instance.topologyName());
            if (topology.isEmpty()) {
                return MethodResult.error(400, ErrorCodes.GRAPH_TOPOLOGY_NOT_FOUND,
                        "graph topology '" + instance.topologyName() + "' does not exist");
            }
            List<ErrorDetail> unsupported = unsupportedNodes(topology.get());
            if (!unsupported.isEmpty()) {
                return MethodResult.error(400, new io.openlva.graph.validate.ErrorBody(
                        ErrorCodes.NODE_KIND_NOT_SUPPORTED,
                        "graph instance '" + name + "' cannot be activated: " + unsupported.stream()
                                .map(ErrorDetail::message).collect(Collectors.joining("; ")),
                        unsupported));
            }
            try {
                GraphResolver.resolve(topology.get(), instance);
            } catch (GraphValidationException e) {
                return MethodResult.error(400, e.error());
            }
            store.put(instance.withState(InstanceState.ACTIVATING));
            store.put(instance.withState(InstanceState.ACTIVE));
            LOG.infof("graph instance '%s' activated", name);
            return new MethodResult(200, null);
        } finally {
            writes.unlock();
        }
    }

    /** Deactivating, a grace for services to wind down (the recorder closes clips), then Inactive. */
    public MethodResult deactivate(String name) {
        writes.lock();
        try {
            Optional<Instance> existing = store.instance(name);
            if (existing.isEmpty()) {
                return notFound("graph instance", name);
            }
            Instance instance = existing.get();
            if (instance.state() == InstanceState.INACTIVE) {
                return new MethodResult(200, null);
            }
            if (instance.state() != InstanceState.DEACTIVATING) {
                store.put(instance.withState(InstanceState.DEACTIVATING));
            }
        } finally {
            writes.unlock();
        }
        sleep(deactivationGrace);
        writes.lock();
        try {
            Optional<Instance> current = store.instance(name);
            if (current.isPresent() && current.get().state() == InstanceState.DEACTIVATING) {
                store.put(current.get().withState(InstanceState.INACTIVE));
                LOG.infof("graph instance '%s' deactivated", name);
            }
            return new MethodResult(200, null);
        } finally {
            writes.unlock();
        }
    }

    private List<ErrorDetail> unsupportedNodes(Topology topology) {
        List<ErrorDetail> details = new ArrayList<>();
        Stream.of(topology.sources(), topology.processors(), topology.sinks()).flatMap(List::stream)
                .filter(n -> !runnableKinds.contains(n.kind()))
                .forEach(n -> details.add(new ErrorDetail(ErrorCodes.NODE_KIND_NOT_SUPPORTED, nodePath(topology, n),
                        "node '" + n.name() + "' is a " + typeName(n) + ", which this deployment does not run")));
        return details;
    }

    private static String nodePath(Topology topology, Node node) {
        String group = topology.sources().contains(node) ? "sources"
                : topology.processors().contains(node) ? "processors" : "sinks";
        return "properties." + group + "." + node.name();
    }

    private static String typeName(Node node) {
        var names = node.kind().typeNames();
        return names.isEmpty() ? node.kind().name() : names.iterator().next();
    }

    /** Secrets masked: parameters the topology declares secret or uses as credentials, and secret-looking names. */
    private JsonNode instanceJson(Instance i) {
        return Json.read(GraphJson.writeInstance(i, store.topology(i.topologyName()).orElse(null)));
    }

    private static ObjectNode list(ArrayNode value) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.set("value", value);
        return body;
    }

    private static MethodResult notFound(String what, String name) {
        return MethodResult.error(404, ErrorCodes.NOT_FOUND, "the " + what + " '" + name + "' does not exist");
    }

    private static MethodResult notInState(Instance instance, String action) {
        return MethodResult.error(409, ErrorCodes.OPERATION_NOT_ALLOWED_IN_STATE,
                "graph instance '" + instance.name() + "' is " + stateName(instance.state()) + " and cannot be "
                        + action + " in that state");
    }

    static String stateName(InstanceState state) {
        String n = state.name().toLowerCase();
        return Character.toUpperCase(n.charAt(0)) + n.substring(1);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
