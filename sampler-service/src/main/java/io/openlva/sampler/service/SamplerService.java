package io.openlva.sampler.service;

import io.openlva.graph.contract.KafkaClients;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.TopicSpecs;
import io.openlva.graph.contract.Topics;
import io.openlva.graph.follow.GraphFollower;
import io.openlva.sampler.config.SamplerConfig;
import io.openlva.sampler.graph.PlanBuilder;
import io.openlva.sampler.graph.PlanRegistry;
import io.openlva.sampler.kafka.FramePublisher;
import io.openlva.sampler.kafka.PacketConsumer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Starts the sampler: topics, the graph follower, then the packet consumers once the graph state is known
 * (a stream seen before its instance would be dropped). Start-up runs in the background and retries, so the
 * HTTP endpoints answer (readiness down) while Kafka is unreachable.
 */
@ApplicationScoped
public class SamplerService {

    private static final Logger LOG = Logger.getLogger(SamplerService.class);

    private final SamplerConfig config;
    private final String bootstrapServers;
    private final Topics topics;
    private final MeterRegistry registry;
    private final PlanRegistry plans;
    private final List<PacketConsumer> consumers = new ArrayList<>();
    private volatile GraphFollower follower;
    private volatile FramePublisher publisher;
    private volatile boolean started;
    private volatile boolean stopping;
    private Thread starter;

    public SamplerService(SamplerConfig config, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "openlva.topic-prefix", defaultValue = Topics.DEFAULT_PREFIX) String topicPrefix,
            MeterRegistry registry) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.topics = new Topics(topicPrefix);
        this.registry = registry;
        this.plans = new PlanRegistry(new PlanBuilder(config.defaultJpegQuality()));
    }

    void onStart(@Observes StartupEvent event) {
        starter = new Thread(this::startUp, "sampler-start");
        starter.setDaemon(true);
        starter.start();
    }

    private void startUp() {
        long backoff = 1000;
        while (!stopping) {
            try {
                try (Admin admin = Admin.create(KafkaClients.config(bootstrapServers))) {
                    TopicSpecs.ensure(admin, topics, config.mediaPartitions());
                }
                if (follower == null) {
                    follower = new GraphFollower(bootstrapServers, topics, plans::update);
                    follower.start();
                }
                if (!follower.awaitCaughtUp(config.catchUpTimeout())) {
                    LOG.warnf("graph topics not replayed within %s; still waiting", config.catchUpTimeout());
                    continue;
                }
                publisher = new FramePublisher(bootstrapServers, topics, config.maxFrameBytes(), registry);
                PacketConsumer.Settings settings = new PacketConsumer.Settings(bootstrapServers, topics.packets(),
                        config.consumerGroup(), config.startOffset(), config.decoderThreads(), config.scaleAlgorithm(),
                        config.eventTopic().orElse(GraphEvent.DEFAULT_TOPIC));
                synchronized (consumers) {
                    if (stopping) {
                        return;
                    }
                    for (int i = 0; i < Math.max(1, config.consumerThreads()); i++) {
                        PacketConsumer c = new PacketConsumer("sampler-packets-" + i, settings, plans, publisher, registry);
                        consumers.add(c);
                        c.start();
                    }
                }
                started = true;
                LOG.infof("sampler started: %d consumers on %s, group %s", consumers.size(), topics.packets(),
                        config.consumerGroup());
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("sampler start-up failed (%s); retrying in %d ms", e.getMessage(), backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = Math.min(backoff * 2, 30_000);
            }
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        if (starter != null) {
            starter.interrupt();
        }
        synchronized (consumers) {
            consumers.forEach(PacketConsumer::close);
        }
        if (publisher != null) {
            publisher.close();
        }
        if (follower != null) {
            follower.close();
        }
    }

    /** Ready: graph state known, consumers running and in the group. */
    public boolean ready() {
        synchronized (consumers) {
            return started && !consumers.isEmpty() && consumers.stream().allMatch(c -> c.healthy() && c.assigned());
        }
    }

    /** Live: no consumer thread died. */
    public boolean live() {
        synchronized (consumers) {
            return consumers.stream().allMatch(PacketConsumer::healthy);
        }
    }

    public int streams() {
        return plans.all().size();
    }
}
