package io.openlva.inference.app;

import java.time.Duration;
import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.Topics;
import io.openlva.graph.follow.GraphSnapshot;
import io.openlva.inference.config.InferenceConfig;
import io.openlva.inference.frames.FrameConsumer;
import io.openlva.inference.frames.InferenceMetrics;
import io.openlva.inference.frames.NodeDirectory;
import io.openlva.inference.onnx.ModelCache;
import io.openlva.runtime.KafkaFactory;
import io.openlva.runtime.ServiceApp;
import io.openlva.runtime.ServiceHealth;
import io.quarkus.runtime.StartupEvent;

/**
 * The inference service's lifecycle, driven by the runtime's start-up: once Kafka answers, the event producer;
 * every graph change sets up or closes the extension nodes (and reports the instances); once the graph topics were
 * replayed, the frame consumer (a frame seen before its node would be dropped). The built-in model is loaded at
 * application start, Kafka or not, so /score answers at once.
 */
@Singleton
public class InferenceApp implements ServiceApp {

    private static final Logger LOG = Logger.getLogger(InferenceApp.class);

    /** What the app does, without Quarkus (the failover test's replicas build it by hand). */
    public record Settings(boolean consume, FrameConsumer.Settings frames) {
    }

    private final Settings settings;
    private final Topics topics;
    private final KafkaFactory kafka;
    private final ServiceHealth health;
    private final NodeDirectory nodes;
    private final InferenceMetrics metrics;
    private volatile Producer<String, byte[]> producer;
    private volatile FrameConsumer frames;

    @Inject
    public InferenceApp(InferenceConfig config, Topics topics, KafkaFactory kafka, ServiceHealth health,
            NodeDirectory nodes, InferenceMetrics metrics) {
        this(settings(config), topics, kafka, health, nodes, metrics);
    }

    public InferenceApp(Settings settings, Topics topics, KafkaFactory kafka, ServiceHealth health, NodeDirectory nodes,
            InferenceMetrics metrics) {
        this.settings = settings;
        this.topics = topics;
        this.kafka = kafka;
        this.health = health;
        this.nodes = nodes;
        this.metrics = metrics;
    }

    static Settings settings(InferenceConfig config) {
        InferenceConfig.Consumer c = config.consumer();
        return new Settings(c.enabled(), new FrameConsumer.Settings(c.groupId(), c.maxPollRecords(), c.sessionTimeout(),
                config.latencyBudget(), config.dataDroppedInterval()));
    }

    void preload(@Observes StartupEvent event, InferenceConfig config, ModelCache models) {
        if (!config.preloadDefaultModel()) {
            return;
        }
        try {
            models.defaultModel();
            LOG.infof("built-in model %s loaded", config.defaultModelPath());
        } catch (RuntimeException e) {
            LOG.errorf("built-in model not loaded (%s): /score and /image answer 503 until it exists", e.getMessage());
        }
    }

    @Override
    public synchronized void start(Admin admin) {
        producer = kafka.producer("inference-events-" + ProcessHandle.current().pid(), new StringSerializer(),
                new ByteArraySerializer(), Map.of(ProducerConfig.LINGER_MS_CONFIG, 0));
    }

    @Override
    public void graphChanged(GraphSnapshot graph) {
        nodes.onChange(graph);
    }

    @Override
    public synchronized void caughtUp() {
        if (!settings.consume()) {
            LOG.info("frame consumer disabled (openlva.inference.consumer.enabled=false)");
            return;
        }
        frames = new FrameConsumer(topics, settings.frames(), kafka, health, nodes, metrics, this::publish).start();
    }

    private void publish(GraphEvent event) {
        Producer<String, byte[]> p = producer;
        if (p == null) {
            return;
        }
        p.send(event.toRecord(topics.events()), (md, e) -> {
            if (e != null) {
                LOG.warnf("cannot publish an inference event for %s: %s", event.subject(), e.getMessage());
            }
        });
    }

    /** Whether frames are consumed as configured: the consumer runs, or it is turned off. */
    public boolean consuming() {
        FrameConsumer f = frames;
        return !settings.consume() || f != null && f.running();
    }

    /** The extension nodes of active instances this replica holds. */
    public int activeNodes() {
        return nodes.keys().size();
    }

    @Override
    public synchronized void close() {
        if (frames != null) {
            frames.close(); // the last frame's events are sent before the producer closes
            frames = null;
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}
