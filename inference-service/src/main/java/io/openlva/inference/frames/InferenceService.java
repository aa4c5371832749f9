package io.openlva.inference.frames;

import io.openlva.graph.contract.KafkaClients;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.admin.Admin;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.openlva.graph.contract.TopicSpecs;
import io.openlva.graph.contract.Topics;
import io.openlva.inference.InferenceConfig;
import io.openlva.inference.onnx.ModelCache;
import io.openlva.runtime.Backoff;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/** Starts this replica's frame loop (and preloads the built-in model) when the application starts. */
@ApplicationScoped
public class InferenceService {

    private static final Logger LOG = Logger.getLogger(InferenceService.class);

    private final InferenceConfig config;
    private final Topics topics;
    private final NodeDirectory nodes;
    private final InferenceMetrics metrics;
    private final ModelCache models;
    private final String bootstrapServers;
    private InferenceWorker worker;
    private Thread starter;
    private volatile boolean stopping;

    public InferenceService(InferenceConfig config, Topics topics, NodeDirectory nodes, InferenceMetrics metrics,
            ModelCache models, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.config = config;
        this.topics = topics;
        this.nodes = nodes;
        this.metrics = metrics;
        this.models = models;
        this.bootstrapServers = bootstrapServers;
    }

    void start(@Observes StartupEvent ev) {
        if (config.preloadDefaultModel()) {
            try {
                models.defaultModel();
                LOG.infof("built-in model %s loaded", config.defaultModelPath());
            } catch (RuntimeException e) {
                LOG.errorf("built-in model not loaded (%s): /score and /image answer 503 until it exists", e.getMessage());
            }
        }
        if (!config.consumer().enabled()) {
            LOG.info("frame consumer disabled (openlva.inference.consumer.enabled=false)");
            return;
        }
        // Kafka may start after this pod: retry with the runtime's backoff (not ready meanwhile) instead of failing
        // start-up, which Kubernetes would turn into a crash loop.
        starter = new Thread(this::startWorker, "inference-start");
        starter.setDaemon(true);
        starter.start();
    }

    private void startWorker() {
        Backoff backoff = Backoff.standard();
        while (!stopping) {
            try (Admin admin = Admin.create(KafkaClients.config(bootstrapServers))) {
                TopicSpecs.ensure(admin, topics, config.mediaPartitions());
                break;
            } catch (RuntimeException e) {
                Duration wait = backoff.next();
                LOG.warnf("Kafka at %s not ready (%s): retrying in %d ms", bootstrapServers, e.getMessage(), wait.toMillis());
                if (!Backoff.pause(wait)) {
                    return;
                }
            }
        }
        InferenceConfig.Consumer c = config.consumer();
        synchronized (this) {
            if (stopping) {
                return;
            }
            worker = new InferenceWorker(bootstrapServers, topics, new InferenceWorker.Settings(c.groupId(),
                    c.maxPollRecords(), c.sessionTimeout(), config.latencyBudget(), c.graphCatchUpTimeout(),
                    config.dataDroppedInterval()), nodes, metrics);
            worker.start();
        }
    }

    void stop(@Observes ShutdownEvent ev) {
        InferenceWorker w;
        synchronized (this) {
            stopping = true;
            w = worker;
        }
        if (starter != null) {
            starter.interrupt();
        }
        if (w != null) {
            w.close();
        }
    }

    public synchronized boolean consuming() {
        return worker != null && worker.isRunning();
    }
}
