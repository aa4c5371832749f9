package io.openlva.ingest.sources;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.follow.GraphSnapshot;
import io.openlva.graph.model.Instance;
import io.openlva.graph.model.InstanceState;
import io.openlva.graph.model.OwningService;
import io.openlva.graph.model.Topology;
import io.openlva.ingest.config.IngestConfig;
import io.openlva.ingest.diagnostics.DiagnosticsPublisher;
import io.openlva.ingest.metrics.SourceMetrics;
import io.openlva.ingest.ownership.Ownership;
import io.openlva.ingest.rtsp.CameraPuller;
import io.openlva.ingest.rtsp.PacketSink;
import io.openlva.ingest.rtsp.RtspSettings;
import io.openlva.ingest.rtsp.SessionFailure;
import io.openlva.ingest.rtsp.SessionListener;
import io.openlva.ingest.rtsp.SourceSpec;
import io.openlva.runtime.StatusReporter;

/**
 * Runs the cameras this replica owns: a {@link CameraPuller} for every RtspSource of an active instance it owns,
 * stopped when the instance is deactivated or deleted, or moves to another replica. After each change it reports
 * the instances it owns on the status topic: Active once their sources are pulled, Inactive once the pulls have
 * ended.
 */
@Singleton
public class SourceRunner implements SessionListener {

    private static final Logger LOG = Logger.getLogger(SourceRunner.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final IngestConfig config;
    private final StatusReporter status;
    private final SourceMetrics metrics;
    private final Map<StreamKey, CameraPuller> pullers = new ConcurrentHashMap<>();
    private volatile GraphSnapshot snapshot;
    private volatile Ownership ownership;
    private volatile PacketSink packets;
    private volatile DiagnosticsPublisher diagnostics;
    private final Set<String> known = new HashSet<>();

    public SourceRunner(IngestConfig config, StatusReporter status, MeterRegistry registry) {
        this.config = config;
        this.status = status;
        this.metrics = new SourceMetrics(registry);
    }

    /** Where packets and events go, and who owns which instance; until then nothing runs. */
    public synchronized void attach(PacketSink packets, DiagnosticsPublisher diagnostics, Ownership ownership) {
        this.packets = packets;
        this.diagnostics = diagnostics;
        this.ownership = ownership;
    }

    public void graphChanged(GraphSnapshot graph) {
        snapshot = graph;
        reconcile();
    }

    /** Brings the running pullers in line with the graph state and the ownership; called on every change. */
    public synchronized void reconcile() {
        GraphSnapshot s = snapshot;
        Ownership o = ownership;
        if (packets == null || s == null || o == null) {
            return;
        }
        Map<StreamKey, SourceSpec> desired = SourcePlan.desired(s.activeGraphs(), o::owns);
        Map<StreamKey, SourceSpec> running = pullers.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().spec()));
        SourcePlan.Changes changes = SourcePlan.changes(running, desired);
        List<CameraPuller> stopping = new ArrayList<>();
        for (StreamKey key : changes.stop()) {
            CameraPuller p = pullers.remove(key);
            if (p != null) {
                LOG.infof("%s: stop pulling", key);
                p.stop();
                stopping.add(p);
            }
            metrics.remove(key);
        }
        // the sessions end in parallel; an Inactive report is written only once they have
        stopping.forEach(p -> p.stopAndWait(STOP_WAIT));
        for (SourceSpec spec : changes.start()) {
            LOG.infof("%s: start pulling %s", spec.key(), spec.maskedUrl());
            IngestConfig.Reconnect r = config.reconnect();
            CameraPuller p = new CameraPuller(spec, rtspSettings(), r.initialDelay(), r.maxDelay(), r.jitter(), packets, this);
            pullers.put(spec.key(), p);
            p.start();
        }
        report(s, o);
    }

    /** The status of every instance this replica owns whose topology has nodes ingest runs. */
    private void report(GraphSnapshot s, Ownership o) {
        for (Instance i : s.instances().values()) {
            Topology t = s.topologies().get(i.topologyName());
            if (t == null || !t.services().contains(OwningService.INGEST) || !o.owns(i.name())) {
                continue;
            }
            known.add(i.name());
            long version = s.instanceVersion(i.name());
            boolean wanted = i.state() == InstanceState.ACTIVE || i.state() == InstanceState.ACTIVATING;
            if (!wanted) {
                status.inactive(i.name(), version, null);
            } else if (s.activeGraph(i.name()) != null) {
                status.active(i.name(), version);
            } else {
                status.inactive(i.name(), version, "instance does not resolve against topology " + t.name());
            }
        }
        for (var it = known.iterator(); it.hasNext();) {
            String name = it.next();
            if (!s.instances().containsKey(name)) {
                it.remove();
                status.forget(name);
            }
        }
    }

    private RtspSettings rtspSettings() {
        IngestConfig.Rtsp r = config.rtsp();
        return new RtspSettings(r.socketTimeout(), r.probeSize(), r.analyzeDuration(), r.udpBufferBytes());
    }

    /** Stops every pull (shutdown): no status is reported, the instances stay active for the other replicas. */
    public synchronized void stopAll() {
        packets = null;
        pullers.values().forEach(CameraPuller::stop);
        pullers.values().forEach(p -> p.stopAndWait(STOP_WAIT));
        pullers.clear();
    }

    @Override
    public void established(StreamKey key, String sdp, boolean reconnect) {
        if (reconnect) {
            metrics.reconnect(key);
        }
        DiagnosticsPublisher d = diagnostics;
        if (d != null) {
            d.established(key, sdp);
        }
    }

    @Override
    public void connectFailed(StreamKey key, SessionFailure failure, int attempt, long retryInMs) {
        metrics.connectFailure(key);
        DiagnosticsPublisher d = diagnostics;
        if (d != null) {
            d.error(key, failure);
        }
    }

    @Override
    public void disconnected(StreamKey key, SessionFailure cause, long retryInMs) {
        DiagnosticsPublisher d = diagnostics;
        if (d != null) {
            d.disconnected(key, cause);
        }
    }

    @Override
    public void packet(StreamKey key, int bytes) {
        metrics.packet(key, bytes);
    }

    /** The streams pulled by this replica (for health details and tests). */
    public List<String> pulledSources() {
        return pullers.keySet().stream().map(StreamKey::toString).sorted().toList();
    }

    public List<Integer> ownedPartitions() {
        Ownership o = ownership;
        return o == null ? List.of() : o.ownedPartitions().stream().sorted().toList();
    }

    /** Whether this replica is in the ingest group (has had its first assignment). */
    public boolean joined() {
        Ownership o = ownership;
        return o != null && o.joined();
    }
}
