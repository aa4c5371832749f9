package io.openlva.sampler.app;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Singleton;

import org.apache.kafka.clients.admin.Admin;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.contract.Topics;
import io.openlva.graph.follow.GraphSnapshot;
import io.openlva.runtime.KafkaFactory;
import io.openlva.runtime.ServiceApp;
import io.openlva.runtime.ServiceHealth;
import io.openlva.runtime.StatusReporter;
import io.openlva.sampler.config.SamplerConfig;
import io.openlva.sampler.graph.PlanBuilder;
import io.openlva.sampler.graph.PlanRegistry;
import io.openlva.sampler.kafka.FramePublisher;
import io.openlva.sampler.kafka.PacketConsumer;
import io.openlva.sampler.status.InstanceReports;

/**
 * The sampler's lifecycle, driven by the runtime's start-up: once Kafka answers, the frame producer; every graph
 * change re-plans the streams; once the graph topics were replayed, the packet consumers (a stream seen before its
 * instance would be dropped). Instances are reported Active/Inactive as their streams are planned or stopped.
 */
@Singleton
public class SamplerApp implements ServiceApp {

    private static final Logger LOG = Logger.getLogger(SamplerApp.class);

    private final SamplerConfig config;
    private final Topics topics;
    private final KafkaFactory kafka;
    private final ServiceHealth health;
    private final MeterRegistry registry;
    private final PlanRegistry plans;
    private final InstanceReports reports;
    private final List<PacketConsumer> consumers = new CopyOnWriteArrayList<>();
    private volatile FramePublisher publisher;

    public SamplerApp(SamplerConfig config, Topics topics, KafkaFactory kafka, ServiceHealth health,
            StatusReporter status, MeterRegistry registry) {
        this.config = config;
        this.topics = topics;
        this.kafka = kafka;
        this.health = health;
        this.registry = registry;
        this.plans = new PlanRegistry(new PlanBuilder(config.defaultJpegQuality()));
        this.reports = new InstanceReports(status, this::decodedStreams);
    }

    @Override
    public synchronized void start(Admin admin) {
        publisher = new FramePublisher(kafka, topics, config.maxFrameBytes(), registry);
    }

    @Override
    public void graphChanged(GraphSnapshot graph) {
        reports.graphChanged(graph, plans.update(graph));
    }

    @Override
    public synchronized void caughtUp() {
        PacketConsumer.Settings settings = new PacketConsumer.Settings(topics.packets(), config.consumerGroup(),
                config.startOffset(), config.decoderThreads(), config.scaleAlgorithm(),
                config.eventTopic().orElse(GraphEvent.DEFAULT_TOPIC));
        for (int i = 0; i < Math.max(1, config.consumerThreads()); i++) {
            consumers.add(new PacketConsumer("sampler-packets-" + i, settings, kafka, health, plans, publisher, registry,
                    reports::streamsStopped).start());
        }
        reports.consuming(true);
        LOG.infof("sampler consuming: %d consumers on %s, group %s", consumers.size(), topics.packets(),
                config.consumerGroup());
    }

    @Override
    public synchronized void close() {
        reports.consuming(false); // a shutdown reports nothing: the instances stay active for the other replicas
        consumers.forEach(PacketConsumer::close);
        consumers.clear();
        if (publisher != null) {
            publisher.close();
            publisher = null;
        }
    }

    /** The streams decoded on this replica now. */
    private Set<StreamKey> decodedStreams() {
        Set<StreamKey> out = new HashSet<>();
        consumers.forEach(c -> out.addAll(c.streams()));
        return out;
    }

    /** Streams with a plan (the sources of the active instances). */
    public int plannedStreams() {
        return plans.all().size();
    }

    /** Whether every packet consumer has been given its partitions by the group at least once. */
    public boolean joined() {
        return !consumers.isEmpty() && consumers.stream().allMatch(PacketConsumer::assigned);
    }
}
