package io.openlva.recorder.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Singleton;

import org.apache.kafka.clients.admin.Admin;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.openlva.graph.contract.TopicSpecs;
import io.openlva.graph.contract.Topics;
import io.openlva.graph.follow.GraphSnapshot;
import io.openlva.graph.param.SystemVariables;
import io.openlva.graph.resolve.ResolvedGraph;
import io.openlva.recorder.config.RecorderConfig;
import io.openlva.recorder.gate.LateEventPolicy;
import io.openlva.recorder.graph.RecordingPlans;
import io.openlva.recorder.sink.RecorderMetrics;
import io.openlva.recorder.sink.SafePaths;
import io.openlva.recorder.sink.StoragePolicy;
import io.openlva.recorder.status.InstanceReports;
import io.openlva.recorder.stream.RecorderEngine;
import io.openlva.recorder.stream.StreamPlan;
import io.openlva.runtime.KafkaFactory;
import io.openlva.runtime.ServiceApp;
import io.openlva.runtime.ServiceHealth;
import io.openlva.runtime.StatusReporter;

/**
 * The recorder's lifecycle, driven by the runtime's start-up: once Kafka answers, the engine (its event producer);
 * every graph change re-plans the streams of the active instances (an instance that leaves ACTIVE has its clips
 * closed as soon as the change arrives); once the graph topics were replayed, the packet and gate-event readers.
 * Instances are reported Active once their gates and sinks run, Inactive once their clips are closed.
 */
@Singleton
public class RecorderApp implements ServiceApp {

    private static final Logger LOG = Logger.getLogger(RecorderApp.class);

    private final RecorderConfig config;
    private final Topics topics;
    private final KafkaFactory kafka;
    private final ServiceHealth health;
    private final RecorderMetrics metrics;
    private final InstanceReports reports;
    private final RecordingPlans.Defaults defaults;
    private volatile RecorderEngine engine;
    private volatile List<StreamPlan> plans = List.of();

    public RecorderApp(RecorderConfig config, Topics topics, KafkaFactory kafka, ServiceHealth health,
            StatusReporter status, MeterRegistry registry) {
        this.config = config;
        this.topics = topics;
        this.kafka = kafka;
        this.health = health;
        this.metrics = new RecorderMetrics(registry);
        this.reports = new InstanceReports(status);
        Path assets = SafePaths.baseDirectory(config.assetBaseDirectory());
        List<Path> allowed = new ArrayList<>();
        config.allowedDirectories().forEach(d -> allowed.add(SafePaths.baseDirectory(d)));
        allowed.add(assets);
        this.defaults = new RecordingPlans.Defaults(assets, config.continuousFileSegmentLength(),
                config.continuousAssetSegmentLength(), allowed);
    }

    @Override
    public synchronized void start(Admin admin) {
        engine = new RecorderEngine(new RecorderEngine.Options(topics, config.packetsGroup(),
                config.packetsOffsetReset(), config.eventsLookback(), config.prerollSeekMargin(), config.idleClose(),
                config.eventSource(), config.packetsSessionTimeout(), new LateEventPolicy(config.lateEvents(),
                        config.lateEventsMaxWait(), TopicSpecs.PACKETS_RETENTION))
                .withStorage(new StoragePolicy(config.minimumFreeSpace(), config.storageRetry(),
                        Duration.ofSeconds(60))), kafka, health, metrics,
                SystemVariables::expandRuntime);
    }

    @Override
    public void graphChanged(GraphSnapshot graph) {
        List<StreamPlan> next = new ArrayList<>();
        Map<String, String> notRecorded = new HashMap<>();
        for (ResolvedGraph g : graph.activeGraphs()) {
            List<String> problems = new ArrayList<>();
            next.addAll(RecordingPlans.of(g, defaults, problems));
            if (!problems.isEmpty()) {
                notRecorded.put(g.instanceName(), String.join("; ", problems));
            }
        }
        plans = next;
        // reported once the engine runs the plans: new gates and sinks started, dropped ones' clips closed
        engine.apply(next).whenComplete((done, failed) -> {
            if (failed != null) {
                LOG.errorf(failed, "applying the recording plans failed");
            } else {
                reports.applied(graph, notRecorded);
            }
        });
    }

    @Override
    public synchronized void caughtUp() {
        engine.start();
        reports.consuming(true);
        LOG.infof("recorder started: packets %s (group %s), events %s, assets under %s", topics.packets(),
                config.packetsGroup(), topics.events(), defaults.assetBaseDirectory());
    }

    @Override
    public synchronized void close() {
        reports.consuming(false); // a shutdown reports nothing: the instances stay active for the other replicas
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }

    /** Where sinks may write and the defaults plans are made with (the clips served over HTTP follow them too). */
    public RecordingPlans.Defaults defaults() {
        return defaults;
    }

    public RecorderEngine engine() {
        return engine;
    }

    /** The streams recorded (on the replicas that own their partitions) for the active instances. */
    public List<StreamPlan> plans() {
        return plans;
    }

    /** Waits until the engine runs the current plans. */
    public void awaitApplied(Duration timeout) throws Exception {
        engine.apply(plans).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
