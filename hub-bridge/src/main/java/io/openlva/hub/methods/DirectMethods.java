package io.openlva.hub.methods;

import java.util.Locale;
import java.util.Map;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.openlva.graph.contract.Json;
import io.openlva.graph.model.ApiVersions;
import io.openlva.graph.validate.ErrorDetail;
import io.openlva.hub.graph.ErrorCodes;
import io.openlva.hub.graph.GraphLimits;
import io.openlva.hub.graph.GraphOperations;
import io.openlva.hub.graph.MethodResult;
import io.openlva.hub.store.GraphStore;

/**
 * LVA's direct methods (GraphTopologySet, ...) and AVA's (pipelineTopologySet, ...) over one set of operations.
 * The payload is the method's JSON text; {@code @apiVersion} is checked against the API the method name belongs to.
 */
public class DirectMethods {

    private static final Logger LOG = Logger.getLogger(DirectMethods.class);


    enum Operation {
        TOPOLOGY_LIST, TOPOLOGY_GET, TOPOLOGY_SET, TOPOLOGY_DELETE,
        INSTANCE_LIST, INSTANCE_GET, INSTANCE_SET, INSTANCE_DELETE, INSTANCE_ACTIVATE, INSTANCE_DEACTIVATE
    }

    private record Method(Operation operation, boolean ava) {
    }

    private static final Map<String, Method> METHODS = Map.ofEntries(
            Map.entry("graphtopologylist", new Method(Operation.TOPOLOGY_LIST, false)),
            Map.entry("graphtopologyget", new Method(Operation.TOPOLOGY_GET, false)),
            Map.entry("graphtopologyset", new Method(Operation.TOPOLOGY_SET, false)),
            Map.entry("graphtopologydelete", new Method(Operation.TOPOLOGY_DELETE, false)),
            Map.entry("graphinstancelist", new Method(Operation.INSTANCE_LIST, false)),
            Map.entry("graphinstanceget", new Method(Operation.INSTANCE_GET, false)),
            Map.entry("graphinstanceset", new Method(Operation.INSTANCE_SET, false)),
            Map.entry("graphinstancedelete", new Method(Operation.INSTANCE_DELETE, false)),
            Map.entry("graphinstanceactivate", new Method(Operation.INSTANCE_ACTIVATE, false)),
            Map.entry("graphinstancedeactivate", new Method(Operation.INSTANCE_DEACTIVATE, false)),
            Map.entry("pipelinetopologylist", new Method(Operation.TOPOLOGY_LIST, true)),
            Map.entry("pipelinetopologyget", new Method(Operation.TOPOLOGY_GET, true)),
            Map.entry("pipelinetopologyset", new Method(Operation.TOPOLOGY_SET, true)),
            Map.entry("pipelinetopologydelete", new Method(Operation.TOPOLOGY_DELETE, true)),
            Map.entry("livepipelinelist", new Method(Operation.INSTANCE_LIST, true)),
            Map.entry("livepipelineget", new Method(Operation.INSTANCE_GET, true)),
            Map.entry("livepipelineset", new Method(Operation.INSTANCE_SET, true)),
            Map.entry("livepipelinedelete", new Method(Operation.INSTANCE_DELETE, true)),
            Map.entry("livepipelineactivate", new Method(Operation.INSTANCE_ACTIVATE, true)),
            Map.entry("livepipelinedeactivate", new Method(Operation.INSTANCE_DEACTIVATE, true)));

    private final GraphOperations operations;

    public DirectMethods(GraphOperations operations) {
        this.operations = operations;
    }

    public static boolean known(String methodName) {
        return methodName != null && METHODS.containsKey(methodName.toLowerCase(Locale.ROOT));
    }

    /**
     * Runs one direct method: the payload is parsed here, once. Completes with an LVA result, never exceptionally;
     * activation and deactivation complete when the services have reported (or their timeout), not on this thread.
     */
    public CompletionStage<MethodResult> invoke(String methodName, String payloadJson) {
        Method method = methodName == null ? null : METHODS.get(methodName.toLowerCase(Locale.ROOT));
        if (method == null) {
            return done(MethodResult.error(404, ErrorCodes.METHOD_NOT_FOUND,
                    "'" + methodName + "' is not a graph method (e.g. GraphTopologySet, pipelineTopologySet)"));
        }
        MethodResult tooLarge = GraphLimits.documentSize(payloadJson);
        if (tooLarge != null) {
            return done(tooLarge);
        }
        JsonNode payload;
        try {
            payload = payloadJson == null || payloadJson.isBlank() ? null : Json.read(payloadJson);
        } catch (RuntimeException e) {
            return done(MethodResult.error(400, ErrorCodes.INVALID_RESOURCE, "the payload is not valid JSON",
                    new ErrorDetail(ErrorCodes.INVALID_RESOURCE, "payload", firstLine(e.getMessage()))));
        }
        if (payload == null || !payload.isObject()) {
            return done(MethodResult.error(400, ErrorCodes.INVALID_RESOURCE,
                    "the payload must be a JSON object with @apiVersion"));
        }
        MethodResult versionError = checkApiVersion(payload, method.ava() ? ApiVersions.AVA : ApiVersions.LVA);
        if (versionError != null) {
            return done(versionError);
        }
        try {
            return run(method.operation(), payload).exceptionally(e -> failure(methodName, e))
                    .thenApply(result -> {
                        LOG.debugf("%s -> %d", methodName, result.status());
                        return result;
                    });
        } catch (RuntimeException e) {
            return done(failure(methodName, e));
        }
    }

    /** A failure as an LVA error: 503 while Kafka does not answer, else 500 naming only the exception's class. */
    public static MethodResult failure(String methodName, Throwable error) {
        Throwable e = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause()
                : error;
        if (e instanceof GraphStore.StoreUnavailableException) {
            return MethodResult.error(503, ErrorCodes.SERVICE_UNAVAILABLE, e.getMessage());
        }
        // the message may quote the payload (secrets): class and frames only
        LOG.errorf("%s failed: %s at %s", methodName, e.getClass().getName(),
                java.util.Arrays.stream(e.getStackTrace()).limit(8).map(String::valueOf).toList());
        return MethodResult.error(500, "InternalServerError", "the call failed: " + e.getClass().getSimpleName());
    }

    private static CompletionStage<MethodResult> done(MethodResult result) {
        return CompletableFuture.completedFuture(result);
    }

    private CompletionStage<MethodResult> run(Operation op, JsonNode payload) {
        switch (op) {
            case TOPOLOGY_LIST:
                return done(operations.listTopologies());
            case INSTANCE_LIST:
                return done(operations.listInstances());
            case TOPOLOGY_SET:
                return done(operations.setTopology(payload));
            case INSTANCE_SET:
                return done(operations.setInstance(payload));
            default:
                break;
        }
        JsonNode name = payload.get("name");
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            return done(MethodResult.error(400, ErrorCodes.INVALID_RESOURCE, "the payload needs a 'name'",
                    new ErrorDetail(ErrorCodes.INVALID_RESOURCE, "name", "required")));
        }
        String n = name.asText();
        return switch (op) {
            case TOPOLOGY_GET -> done(operations.getTopology(n));
            case TOPOLOGY_DELETE -> done(operations.deleteTopology(n));
            case INSTANCE_GET -> done(operations.getInstance(n));
            case INSTANCE_DELETE -> done(operations.deleteInstance(n));
            case INSTANCE_ACTIVATE -> operations.activate(n);
            case INSTANCE_DEACTIVATE -> operations.deactivate(n);
            default -> throw new IllegalStateException(op.name());
        };
    }

    /** Null when the payload's {@code @apiVersion} is one of {@code supported}. */
    public static MethodResult checkApiVersion(JsonNode payload, Collection<String> supported) {
        JsonNode v = payload.get("@apiVersion");
        if (v == null || v.isNull()) {
            return MethodResult.error(400, ErrorCodes.INVALID_RESOURCE, "@apiVersion is required",
                    new ErrorDetail(ErrorCodes.INVALID_RESOURCE, "@apiVersion", "required, one of " + sorted(supported)));
        }
        if (!v.isTextual() || !supported.contains(v.asText())) {
            return MethodResult.error(400, ErrorCodes.API_VERSION_NOT_SUPPORTED,
                    "@apiVersion '" + v.asText() + "' is not supported; use one of " + sorted(supported),
                    new ErrorDetail(ErrorCodes.API_VERSION_NOT_SUPPORTED, "@apiVersion", "supported: " + sorted(supported)));
        }
        return null;
    }

    private static String sorted(Collection<String> s) {
        return s.stream().sorted().toList().toString();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
