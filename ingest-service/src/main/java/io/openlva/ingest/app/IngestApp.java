package io.openlva.ingest.app;

import jakarta.inject.Singleton;

import org.apache.kafka.clients.admin.Admin;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.Topics;
import io.openlva.graph.follow.GraphSnapshot;
import io.openlva.ingest.config.IngestConfig;
import io.openlva.ingest.diagnostics.DiagnosticsPublisher;
import io.openlva.ingest.ownership.Ownership;
import io.openlva.ingest.ownership.OwnershipTopic;
import io.openlva.ingest.publish.PacketPublisher;
import io.openlva.ingest.sources.SourceRunner;
import io.openlva.runtime.KafkaFactory;
import io.openlva.runtime.ServiceApp;
import io.openlva.runtime.ServiceHealth;

/**
 * The ingest service's lifecycle, driven by the runtime's start-up: once Kafka answers, the ownership topic, the
 * packet and event producers and the ingest group; then every graph change goes to the {@link SourceRunner}.
 */
@Singleton
public class IngestApp implements ServiceApp {

    private static final Logger LOG = Logger.getLogger(IngestApp.class);

    private final IngestConfig config;
    private final Topics topics;
    private final KafkaFactory kafka;
    private final ServiceHealth health;
    private final SourceRunner sources;
    private volatile PacketPublisher packets;
    private volatile DiagnosticsPublisher diagnostics;
    private volatile Ownership ownership;

    public IngestApp(IngestConfig config, Topics topics, KafkaFactory kafka, ServiceHealth health, SourceRunner sources,
            MeterRegistry registry) {
        this.config = config;
        this.topics = topics;
        this.kafka = kafka;
        this.health = health;
        this.sources = sources;
        FunctionCounter.builder("openlva.ingest.dropped.packets", this,
                app -> app.packets == null ? 0 : app.packets.droppedPackets())
                .description("Packets that could not be delivered to Kafka (broker away, record too large)")
                .register(registry);
    }

    @Override
    public void start(Admin admin) {
        OwnershipTopic topic = OwnershipTopic.ensure(admin, topics, config.ownership().partitions());
        packets = new PacketPublisher(kafka, topics.packets(), config.producer().linger().toMillis(),
                config.producer().maxRequestSize());
        diagnostics = new DiagnosticsPublisher(kafka, topics.events(), config.eventTopic().orElse(GraphEvent.DEFAULT_TOPIC));
        ownership = new Ownership(kafka, health, topic.name(), topic.partitions(), config.ownership().groupId(),
                config.ownership().sessionTimeout(), sources::reconcile);
        sources.attach(packets, diagnostics, ownership);
        ownership.start();
        LOG.infof("ingest: ownership %s (%d partitions, group %s)", topic.name(), topic.partitions(),
                config.ownership().groupId());
    }

    @Override
    public void graphChanged(GraphSnapshot graph) {
        sources.graphChanged(graph);
    }

    @Override
    public void close() {
        sources.stopAll();
        if (ownership != null) {
            ownership.close();
            ownership = null;
        }
        if (packets != null) {
            packets.close();
        }
        if (diagnostics != null) {
            diagnostics.close();
            diagnostics = null;
        }
    }
}
