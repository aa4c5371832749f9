package io.openlva.recorder.graph;

import io.openlva.graph.contract.KafkaClients;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.openlva.graph.contract.Topics;
import io.openlva.graph.contract.TopicSpecs;
import io.openlva.graph.follow.GraphFollower;
import io.openlva.graph.follow.GraphSnapshot;
import io.openlva.graph.param.SystemVariables;
import io.openlva.recorder.config.RecorderConfig;
import io.openlva.recorder.gate.LateEventPolicy;
import io.openlva.recorder.sink.RecorderMetrics;
import io.openlva.recorder.sink.SafePaths;
import io.openlva.recorder.stream.RecorderEngine;
import io.openlva.recorder.stream.StreamPlan;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Follows the graph topics and keeps the recorder engine on the active instances' sinks. An instance that
 * leaves ACTIVE (DEACTIVATING) drops out of the active graphs, and its clips are closed as soon as the change
 * arrives; shutdown closes every clip cleanly.
 */
@ApplicationScoped
public class RecorderService {

    private static final Logger LOG = Logger.getLogger(RecorderService.class);

    private final RecorderConfig config;
    private final String bootstrapServers;
    private final Topics topics;
    private final MeterRegistry registry;
    private RecorderEngine engine;
    private GraphFollower follower;
    private RecordingPlans.Defaults defaults;
    private volatile List<StreamPlan> plans = List.of();

    public RecorderService(RecorderConfig config, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "openlva.topic-prefix", defaultValue = "lva.") String topicPrefix, MeterRegistry registry) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.topics = new Topics(topicPrefix);
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent ev) {
        defaults = new RecordingPlans.Defaults(SafePaths.baseDirectory(config.assetBaseDirectory()),
                config.continuousFileSegmentLength(), config.continuousAssetSegmentLength());
        try (Admin admin = Admin.create(KafkaClients.config(bootstrapServers))) {
            TopicSpecs.ensure(admin, topics, config.mediaPartitions());
        } catch (RuntimeException e) {
            LOG.warnf("cannot check the topics now (%s); they are created by whichever service reaches Kafka first",
                    e.getMessage());
        }
        engine = new RecorderEngine(new RecorderEngine.Options(bootstrapServers, topics, config.packetsGroup(),
                config.packetsOffsetReset(), config.eventsLookback(), config.prerollSeekMargin(), config.idleClose(),
                config.eventSource(), config.packetsSessionTimeout(), new LateEventPolicy(config.lateEvents(),
                        config.lateEventsMaxWait(), TopicSpecs.PACKETS_RETENTION)), new RecorderMetrics(registry),
                SystemVariables::expandRuntime);
        engine.start();
        follower = new GraphFollower(bootstrapServers, topics, this::onGraphs);
        follower.start();
        LOG.infof("recorder started: packets %s (group %s), events %s, assets under %s", topics.packets(),
                config.packetsGroup(), topics.events(), defaults.assetBaseDirectory());
    }

    private void onGraphs(GraphSnapshot snapshot) {
        List<StreamPlan> next = RecordingPlans.of(snapshot.activeGraphs(), defaults);
        plans = next;
        engine.apply(next);
    }

    void onStop(@Observes ShutdownEvent ev) {
        if (follower != null) {
            follower.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    public RecorderEngine engine() {
        return engine;
    }

    public boolean caughtUp() {
        return follower != null && follower.isCaughtUp();
    }

    public List<StreamPlan> plans() {
        return plans;
    }

    /** For tests: waits until the engine runs the current plans. */
    public void awaitApplied(Duration timeout) throws Exception {
        engine.apply(plans).get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }
}
