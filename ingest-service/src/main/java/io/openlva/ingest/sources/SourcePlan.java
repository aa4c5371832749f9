package io.openlva.ingest.sources;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.model.Endpoint;
import io.openlva.graph.model.EndpointKind;
import io.openlva.graph.model.Node;
import io.openlva.graph.model.NodeKind;
import io.openlva.graph.model.OwningService;
import io.openlva.graph.model.RtspSource;
import io.openlva.graph.model.RtspTransport;
import io.openlva.graph.model.UsernamePasswordCredentials;
import io.openlva.graph.resolve.ResolvedGraph;
import io.openlva.ingest.rtsp.RtspUrls;
import io.openlva.ingest.rtsp.SourceSpec;

/** Which cameras this replica should pull, and what to start and stop to get there. Pure. */
public final class SourcePlan {

    /** The node kinds this service runs, from the one ownership table: RtspSource. */
    static final Set<NodeKind> KINDS = NodeKind.ownedBy(OwningService.INGEST);

    private SourcePlan() {
    }

    /** The nodes ingest runs (RtspSource) of the active graphs whose instance this replica owns. */
    public static Map<StreamKey, SourceSpec> desired(Collection<ResolvedGraph> activeGraphs, Predicate<String> ownsInstance) {
        Map<StreamKey, SourceSpec> out = new LinkedHashMap<>();
        for (ResolvedGraph graph : activeGraphs) {
            if (!ownsInstance.test(graph.instanceName())) {
                continue;
            }
            for (Node node : graph.nodes()) {
                // SourcePlanTest keeps KINDS and the kinds handled here the same
                if (KINDS.contains(node.kind()) && node instanceof RtspSource source) {
                    SourceSpec spec = specOf(graph.instanceName(), source);
                    out.put(spec.key(), spec);
                }
            }
        }
        return out;
    }

    public static SourceSpec specOf(String instance, RtspSource source) {
        Endpoint endpoint = source.endpoint();
        String username = null;
        String password = null;
        if (endpoint.credentials() instanceof UsernamePasswordCredentials c) {
            username = c.username();
            password = c.password();
        }
        RtspTransport transport = source.transport() == null ? RtspTransport.TCP : source.transport();
        String ffmpegTransport = switch (transport) {
            case TCP -> "tcp";
            case UDP -> "udp";
            case HTTP -> "http";
        };
        boolean tls = endpoint.kind() == EndpointKind.TLS || "rtsps".equals(RtspUrls.scheme(endpoint.url()));
        return new SourceSpec(new StreamKey(instance, source.name()), endpoint.url(), ffmpegTransport, username, password,
                tls, endpoint.trustedCertificates(), endpoint.ignoreHostname(), endpoint.ignoreSignature());
    }

    /** What to stop (gone, or changed) and what to start (new, or changed) to go from running to desired. */
    public static Changes changes(Map<StreamKey, SourceSpec> running, Map<StreamKey, SourceSpec> desired) {
        List<StreamKey> stop = new ArrayList<>();
        List<SourceSpec> start = new ArrayList<>();
        running.forEach((key, spec) -> {
            SourceSpec wanted = desired.get(key);
            if (wanted == null || !wanted.equals(spec)) {
                stop.add(key);
            }
        });
        desired.forEach((key, spec) -> {
            SourceSpec current = running.get(key);
            if (current == null || !current.equals(spec)) {
                start.add(spec);
            }
        });
        return new Changes(stop, start);
    }

    public record Changes(List<StreamKey> stop, List<SourceSpec> start) {
        public boolean isEmpty() {
            return stop.isEmpty() && start.isEmpty();
        }
    }
}
