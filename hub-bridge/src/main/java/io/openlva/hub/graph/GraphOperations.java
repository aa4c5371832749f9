package io.openlva.hub.graph;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.openlva.graph.codec.GraphJson;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.InstanceEvents;
import io.openlva.graph.contract.InstanceStatus;
import io.openlva.graph.model.Instance;
import io.openlva.graph.model.InstanceState;
import io.openlva.graph.model.Node;
import io.openlva.graph.model.OwningService;
import io.openlva.graph.model.Secrets;
import io.openlva.graph.model.Topology;
import io.openlva.graph.resolve.GraphResolver;
import io.openlva.graph.validate.ErrorBody;
import io.openlva.graph.validate.ErrorDetail;
import io.openlva.graph.validate.GraphValidationException;
import io.openlva.graph.validate.GraphValidator;
import io.openlva.hub.store.GraphStore;
import io.openlva.hub.store.StatusReports;

/**
 * The graph operations behind every entry point (direct methods, /api/methods, the resource API), with LVA's
 * status codes: 201 created / 200 updated, 404 on a missing Get, 204 on a Delete of nothing, 409 on state
 * conflicts, 400 with the validation error body. One writer lock: the compacted topics see one change at a time.
 *
 * <p>A document is parsed and validated once ({@link GraphJson#readTopology(JsonNode)}); the answer is written from
 * that parsed tree, secrets masked. Activation and deactivation write Activating / Deactivating, then complete when
 * every service that runs part of the graph reported on that record ({@link StatusReports}), or after the
 * transition timeout, naming the services that did not report. No thread waits meanwhile.
 */
public class GraphOperations {

    private static final Logger LOG = Logger.getLogger(GraphOperations.class);
    /** user:password@ in a URL quoted by a service's report detail. */

    /** A state change in progress: only the latest one of an instance completes it. */
    private record Transition(long version, InstanceState from, InstanceState to,
            CompletableFuture<MethodResult> result) {
    }

    private final GraphStore store;
    private final StatusReports reports;
    private final Consumer<GraphEvent> events;
    private final Duration transitionTimeout;
    private final Executor completions;
    private final MeterRegistry registry;
    private final ReentrantLock writes = new ReentrantLock();
    /** Guarded by {@link #writes}. */
    private final Map<String, Transition> transitions = new HashMap<>();

    /**
     * @param events where the instance's operational events go (activated, deactivated)
     * @param completions where a transition completes once its reports are in (it writes to Kafka)
     */
    public GraphOperations(GraphStore store, StatusReports reports, Consumer<GraphEvent> events,
            Duration transitionTimeout, Executor completions, MeterRegistry registry) {
        this.store = store;
        this.reports = reports;
        this.events = events;
        this.transitionTimeout = transitionTimeout;
        this.completions = completions;
        this.registry = registry;
    }

    // ---- topologies

    public MethodResult listTopologies() {
        return MethodResult.ok(list(store.topologies().stream().map(GraphJson::writeTopology).toList()));
    }

    public MethodResult getTopology(String name) {
        return store.topology(name)
                .map(t -> MethodResult.ok(GraphJson.writeTopology(t)))
                .orElseGet(() -> notFound("graph topology", name));
    }

    public MethodResult setTopology(JsonNode payload) {
        Parsed<Topology> parsed = parseTopology(payload);
        if (parsed.error() != null) {
            return parsed.error();
        }
        Topology topology = parsed.document();
        writes.lock();
        try {
            if (store.topology(topology.name()).isEmpty()) {
                MethodResult full = GraphLimits.count("graph topologies", store.topologies().size(),
                        GraphLimits.MAX_TOPOLOGIES);
                if (full != null) {
                    return full;
                }
            }
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
            return new MethodResult(created ? 201 : 200, GraphJson.writeTopology(topology));
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
        return MethodResult.ok(list(store.instances().stream().map(this::instanceJson).toList()));
    }

    public MethodResult getInstance(String name) {
        return store.instance(name)
                .map(i -> MethodResult.ok(instanceJson(i)))
                .orElseGet(() -> notFound("graph instance", name));
    }

    public MethodResult setInstance(JsonNode payload) {
        Parsed<Instance> parsed = parseInstance(payload);
        if (parsed.error() != null) {
            return parsed.error();
        }
        Instance instance = parsed.document();
        writes.lock();
        try {
            MethodResult problem = instanceProblem(instance);
            if (problem != null) {
                return problem;
            }
            Optional<Topology> topology = store.topology(instance.topologyName());
            Optional<Instance> existing = store.instance(instance.name());
            if (existing.isPresent() && existing.get().state() != InstanceState.INACTIVE) {
                return notInState(existing.get(), "changed");
            }
            if (existing.isEmpty()) {
                MethodResult full = GraphLimits.count("graph instances", store.instances().size(),
                        GraphLimits.MAX_INSTANCES);
                if (full != null) {
                    return full;
                }
            }
            Instance stored = instance.withState(InstanceState.INACTIVE);
            store.put(stored);
            LOG.infof("graph instance '%s' %s", stored.name(), existing.isEmpty() ? "created" : "updated");
            return new MethodResult(existing.isEmpty() ? 201 : 200, GraphJson.writeInstance(stored, topology.get()));
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

    /** Activating; Active once every service running part of the graph reported it runs it (or the timeout). */
    public CompletionStage<MethodResult> activate(String name) {
        writes.lock();
        try {
            Optional<Instance> existing = store.instance(name);
            if (existing.isEmpty()) {
                return done(notFound("graph instance", name));
            }
            Instance instance = existing.get();
            switch (instance.state()) {
                case ACTIVE:
                    return done(new MethodResult(200, null));
                case DEACTIVATING:
                    return done(notInState(instance, "activated"));
                case ACTIVATING:
                    Transition pending = transitions.get(name);
                    if (pending != null && pending.to() == InstanceState.ACTIVE) {
                        return pending.result();
                    }
                    break;
                default:
                    break;
            }
            Optional<Topology> topology = store.topology(instance.topologyName());
            if (topology.isEmpty()) {
                return done(MethodResult.error(400, ErrorCodes.GRAPH_TOPOLOGY_NOT_FOUND,
                        "graph topology '" + instance.topologyName() + "' does not exist"));
            }
            List<ErrorDetail> unsupported = unsupportedNodes(topology.get());
            if (!unsupported.isEmpty()) {
                return done(MethodResult.error(400, new ErrorBody(ErrorCodes.NODE_KIND_NOT_SUPPORTED,
                        "graph instance '" + name + "' cannot be activated: " + unsupported.stream()
                                .map(ErrorDetail::message).collect(Collectors.joining("; ")),
                        unsupported)));
            }
            try {
                GraphResolver.resolve(topology.get(), instance);
            } catch (GraphValidationException e) {
                return done(MethodResult.error(400, e.error()));
            }
            return begin(instance, topology.get(), InstanceState.ACTIVATING, InstanceState.ACTIVE);
        } finally {
            writes.unlock();
        }
    }

    /** Deactivating; Inactive once every service stopped its part (the recorder closed its clips), or the timeout. */
    public CompletionStage<MethodResult> deactivate(String name) {
        writes.lock();
        try {
            Optional<Instance> existing = store.instance(name);
            if (existing.isEmpty()) {
                return done(notFound("graph instance", name));
            }
            Instance instance = existing.get();
            if (instance.state() == InstanceState.INACTIVE) {
                return done(new MethodResult(200, null));
            }
            Transition pending = transitions.get(name);
            if (instance.state() == InstanceState.DEACTIVATING && pending != null
                    && pending.to() == InstanceState.INACTIVE) {
                return pending.result();
            }
            Topology topology = store.topology(instance.topologyName()).orElse(null);
            return begin(instance, topology, InstanceState.DEACTIVATING, InstanceState.INACTIVE);
        } finally {
            writes.unlock();
        }
    }

    /** Under the lock: writes the intermediate state and waits, off this thread, for the services' reports. */
    private CompletionStage<MethodResult> begin(Instance instance, Topology topology, InstanceState via,
            InstanceState to) {
        String name = instance.name();
        long version = store.put(instance.withState(via));
        Transition t = new Transition(version, via, to, new CompletableFuture<>());
        Transition superseded = transitions.put(name, t);
        if (superseded != null) {
            // its caller is answered now; this transition decides the state
            superseded.result().complete(new MethodResult(200, null));
        }
        Set<OwningService> services = reportingServices(topology);
        LOG.infof("graph instance '%s' %s (record %d): waiting for %s", name, stateName(via).toLowerCase(), version,
                services.stream().map(OwningService::serviceName).toList());
        reports.await(name, services, version, transitionTimeout)
                .thenAcceptAsync(outcome -> t.result().complete(complete(name, t, outcome)), completions)
                .exceptionally(e -> {
                    t.result().complete(failed(name, t, e));
                    return null;
                });
        return t.result();
    }

    /** The services that report on an instance of {@code topology}; hub-bridge runs its IoT Hub nodes itself. */
    private static Set<OwningService> reportingServices(Topology topology) {
        Set<OwningService> services = EnumSet.noneOf(OwningService.class);
        if (topology != null) {
            services.addAll(topology.services());
        }
        services.remove(OwningService.HUB_BRIDGE);
        return services;
    }

    private MethodResult complete(String name, Transition t, StatusReports.Outcome outcome) {
        String target = stateName(t.to()).toLowerCase();
        if (!outcome.unreported().isEmpty()) {
            List<String> silent = outcome.unreported().stream().map(OwningService::serviceName).sorted().toList();
            LOG.warnf("graph instance '%s': %s did not report %s within %s; completing the change anyway", name,
                    silent, target, transitionTimeout);
            silent.forEach(s -> registry.counter("openlva.hub.transitions.unreported", "service", s,
                    "state", t.to().lvaName()).increment());
        }
        if (t.to() == InstanceState.ACTIVE) {
            // a service that cannot run its part says why (a model that does not load, a sink outside the allowed
            // directories...): the activation is refused with that reason, never accepted with a node idle
            List<ErrorDetail> refused = outcome.reports().stream()
                    .filter(r -> r.state() != InstanceState.ACTIVE && r.detail() != null)
                    .map(r -> new ErrorDetail(ErrorCodes.ACTIVATION_REFUSED, r.service().serviceName(),
                            Secrets.maskUrlsIn(r.detail())))
                    .toList();
            if (!refused.isEmpty()) {
                return refuse(name, t, refused);
            }
        }
        for (InstanceStatus r : outcome.reports()) {
            if (r.state() != t.to()) {
                LOG.warnf("graph instance '%s': %s reports %s instead of %s%s", name, r.service().serviceName(),
                        r.state().lvaName(), t.to().lvaName(),
                        r.detail() == null ? "" : ": " + Secrets.maskUrlsIn(r.detail()));
            }
        }
        Instance changed = null;
        writes.lock();
        try {
            if (transitions.get(name) != t) {
                return new MethodResult(200, null);
            }
            transitions.remove(name);
            Optional<Instance> current = store.instance(name);
            if (current.isPresent() && current.get().state() == t.from()) {
                changed = current.get().withState(t.to());
                store.put(changed);
                LOG.infof("graph instance '%s' %s", name, target);
            }
        } finally {
            writes.unlock();
        }
        if (changed != null) {
            // LVA's operational event, in the instance's envelope (AVA: LivePipelineActivated / Deactivated)
            events.accept(t.to() == InstanceState.ACTIVE
                    ? InstanceEvents.activated(null, name, changed.topologyName())
                    : InstanceEvents.deactivated(null, name, changed.topologyName()));
        }
        return new MethodResult(200, null);
    }

    /** The activation fails: the instance goes back to Inactive (its services stop what they started). */
    private MethodResult refuse(String name, Transition t, List<ErrorDetail> refused) {
        writes.lock();
        try {
            if (transitions.get(name) != t) {
                return new MethodResult(200, null); // superseded: the later call decides
            }
            transitions.remove(name);
            Optional<Instance> current = store.instance(name);
            if (current.isPresent() && current.get().state() == t.from()) {
                store.put(current.get().withState(InstanceState.INACTIVE));
            }
        } finally {
            writes.unlock();
        }
        String why = refused.stream().map(d -> d.target() + ": " + d.message()).collect(Collectors.joining("; "));
        LOG.warnf("graph instance '%s' not activated: %s", name, why);
        return MethodResult.error(400, new ErrorBody(ErrorCodes.INVALID_RESOURCE,
                "graph instance '" + name + "' cannot be activated: " + why, refused));
    }

    private MethodResult failed(String name, Transition t, Throwable e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        writes.lock();
        try {
            transitions.remove(name, t);
        } finally {
            writes.unlock();
        }
        if (cause instanceof GraphStore.StoreUnavailableException) {
            return MethodResult.error(503, ErrorCodes.SERVICE_UNAVAILABLE, cause.getMessage());
        }
        LOG.errorf("graph instance '%s': completing the state change failed: %s", name, cause.getClass().getName());
        return MethodResult.error(500, "InternalServerError", "the call failed: " + cause.getClass().getSimpleName());
    }

    private static List<ErrorDetail> unsupportedNodes(Topology topology) {
        List<ErrorDetail> details = new ArrayList<>();
        for (Node n : topology.nodes()) {
            if (!n.kind().runnable()) {
                details.add(new ErrorDetail(ErrorCodes.NODE_KIND_NOT_SUPPORTED, nodePath(topology, n),
                        "node '" + n.name() + "' is a " + n.kind().typeNames().get(0)
                                + ", which this deployment does not run"));
            }
        }
        return details;
    }

    private static String nodePath(Topology topology, Node node) {
        String group = topology.sources().contains(node) ? "sources"
                : topology.processors().contains(node) ? "processors" : "sinks";
        return "properties." + group + "." + node.name();
    }

    /** Secrets masked: parameters the topology declares secret or uses as credentials, and secret-looking names. */
    private String instanceJson(Instance i) {
        return GraphJson.writeInstance(i, store.topology(i.topologyName()).orElse(null));
    }

    private static String list(List<String> values) {
        return "{\"value\":[" + String.join(",", values) + "]}";
    }

    private static CompletionStage<MethodResult> done(MethodResult result) {
        return CompletableFuture.completedFuture(result);
    }

    private static MethodResult notFound(String what, String name) {
        return MethodResult.error(404, ErrorCodes.NOT_FOUND, "the " + what + " '" + name + "' does not exist");
    }

    private static MethodResult notInState(Instance instance, String action) {
        return MethodResult.error(409, ErrorCodes.OPERATION_NOT_ALLOWED_IN_STATE,
                "graph instance '" + instance.name() + "' is " + stateName(instance.state()) + " and cannot be "
                        + action + " in that state");
    }

    // ---- validation without writing (the console shows the errors before anything is stored)

    /** LVA's answer a set of this topology would get, 200 {@code {"valid":true}} instead of the write. */
    public MethodResult validateTopology(JsonNode payload) {
        Parsed<Topology> parsed = parseTopology(payload);
        return parsed.error() != null ? parsed.error() : VALID;
    }

    /** As a set of the instance would be: parsed, then checked against its stored topology. */
    public MethodResult validateInstance(JsonNode payload) {
        Parsed<Instance> parsed = parseInstance(payload);
        if (parsed.error() != null) {
            return parsed.error();
        }
        MethodResult problem = instanceProblem(parsed.document());
        return problem != null ? problem : VALID;
    }

    private static final MethodResult VALID = MethodResult.ok("{\"valid\":true}");

    /** A document as a set reads it: parsed, or the answer the set gets instead (never both). */
    private record Parsed<T>(T document, MethodResult error) {
    }

    /** Parsed and within {@link GraphLimits#shape}: what setTopology and validateTopology both apply. */
    private static Parsed<Topology> parseTopology(JsonNode payload) {
        Topology topology;
        try {
            topology = GraphJson.readTopology(payload);
        } catch (GraphValidationException e) {
            return new Parsed<>(null, MethodResult.error(400, e.error()));
        }
        MethodResult tooBig = GraphLimits.shape(topology);
        return tooBig != null ? new Parsed<>(null, tooBig) : new Parsed<>(topology, null);
    }

    private static Parsed<Instance> parseInstance(JsonNode payload) {
        try {
            return new Parsed<>(GraphJson.readInstance(payload), null);
        } catch (GraphValidationException e) {
            return new Parsed<>(null, MethodResult.error(400, e.error()));
        }
    }

    /** Why an instance cannot be set against the stored topologies, or null. */
    private MethodResult instanceProblem(Instance instance) {
        Optional<Topology> topology = store.topology(instance.topologyName());
        if (topology.isEmpty()) {
            return MethodResult.error(400, ErrorCodes.GRAPH_TOPOLOGY_NOT_FOUND,
                    "graph topology '" + instance.topologyName() + "' does not exist",
                    new ErrorDetail(ErrorCodes.GRAPH_TOPOLOGY_NOT_FOUND, "properties.topologyName",
                            "set the graph topology before the graph instance"));
        }
        try {
            GraphValidator.validateInstance(instance, topology.get());
            return null;
        } catch (GraphValidationException e) {
            return MethodResult.error(400, e.error());
        }
    }

    static String stateName(InstanceState state) {
        String n = state.name().toLowerCase();
        return Character.toUpperCase(n.charAt(0)) + n.substring(1);
    }
}
