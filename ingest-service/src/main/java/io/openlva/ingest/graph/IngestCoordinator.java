package io.openlva.ingest.graph;

import io.openlva.graph.contract.KafkaClients;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.contract.TopicSpecs;
import io.openlva.graph.contract.Topics;
import io.openlva.graph.follow.GraphFollower;
import io.openlva.graph.follow.GraphSnapshot;
import io.openlva.ingest.IngestConfig;
import io.openlva.ingest.diagnostics.DiagnosticsPublisher;
import io.openlva.ingest.metrics.SourceMetrics;
import io.openlva.ingest.publish.PacketPublisher;
import io.openlva.ingest.rtsp.CameraPuller;
import io.openlva.ingest.rtsp.RtspSettings;
import io.openlva.ingest.rtsp.SessionFailure;
import io.openlva.ingest.rtsp.SessionListener;
import io.openlva.ingest.rtsp.SourceSpec;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Runs the cameras this replica owns: follows the graph topics and the ownership group, and starts a
 * {@link CameraPuller} for every RtspSource of an active instance it owns, stopping it when the instance is
 * deactivated or deleted, or moves to another replica.
 */
@ApplicationScoped
public class IngestCoordinator implements SessionListener {

    private static final Logger LOG = Logger.getLogger(IngestCoordinator.class);

    private final IngestConfig config;
    private final String bootstrapServers;
    private final Topics topics;
    private final SourceMetrics metrics;
    private final Map<StreamKey, CameraPuller> pullers = new ConcurrentHashMap<>();
    private volatile GraphSnapshot snapshot;
    private volatile GraphFollower follower;
    private volatile Ownership ownership;
    private volatile PacketPublisher packets;
    private volatile DiagnosticsPublisher diagnostics;
    private volatile boolean caughtUp;
    private volatile boolean shuttingDown;
    private volatile String startupProblem = "starting";
    private Thread starter;

    public IngestCoordinator(IngestConfig config, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "openlva.topic-prefix", defaultValue = Topics.DEFAULT_PREFIX) String topicPrefix,
            MeterRegistry registry) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.topics = new Topics(topicPrefix);
        this.metrics = new SourceMetrics(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("openlva.ingest.dropped.packets", this,
                c -> c.packets == null ? c.droppedBefore : c.droppedBefore + c.packets.droppedPackets())
                .description("Packets that could not be delivered to Kafka (broker away, record too large)")
                .register(registry);
    }

    /** Drops counted by publishers closed since (a restart of the clients after Kafka came back). */
    private volatile long droppedBefore;

    void onStart(@Observes StartupEvent event) {
        // Kafka may not be up yet: keep trying in the background, readiness stays down meanwhile.
        starter = new Thread(this::startWhenKafkaAnswers, "ingest-start");
        starter.setDaemon(true);
        starter.start();
    }

    private void startWhenKafkaAnswers() {
        while (!shuttingDown) {
            try {
                String ownershipTopic;
                int partitions;
                try (Admin admin = Admin.create(KafkaClients.config(bootstrapServers, Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15000)))) {
                    TopicSpecs.ensure(admin, topics, config.mediaPartitions());
                    int instancePartitions = partitionsOf(admin, topics.instances());
                    if (instancePartitions > 1) {
                        ownershipTopic = topics.instances();
                        partitions = instancePartitions;
                    } else {
                        ownershipTopic = ownershipTopic(topics);
                        ensureOwnershipTopic(admin, ownershipTopic, config.ownership().partitions());
                        partitions = partitionsOf(admin, ownershipTopic);
                    }
                }
                packets = new PacketPublisher(bootstrapServers, topics.packets(), config.producer().linger().toMillis(),
                        config.producer().maxRequestSize());
                diagnostics = new DiagnosticsPublisher(bootstrapServers, topics.events(),
                        config.eventTopic().orElse(GraphEvent.DEFAULT_TOPIC));
                ownership = new Ownership(bootstrapServers, ownershipTopic, partitions, config.ownership().groupId(),
                        config.ownership().sessionTimeout(), this::reconcile);
                follower = new GraphFollower(bootstrapServers, topics, s -> {
                    snapshot = s;
                    reconcile();
                });
                follower.start();
                ownership.start();
                LOG.infof("ingest started: graph topics %s, ownership %s (%d partitions, group %s)", topics.graphState(),
                        ownershipTopic, partitions, config.ownership().groupId());
                startupProblem = null;
                try {
                    caughtUp = follower.awaitCaughtUp(Duration.ofMinutes(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            } catch (RuntimeException e) {
                startupProblem = "Kafka at " + bootstrapServers + " not usable yet: " + e.getMessage()
                        + (e.getCause() != null ? " (" + e.getCause().getMessage() + ")" : "");
                LOG.warnf("%s; retrying in 5 s", startupProblem);
                closeClients();
                sleep(5000);
            }
        }
    }

    /** The dedicated ownership topic, used while the instances topic has a single partition. */
    public static String ownershipTopic(Topics topics) {
        return topics.prefix() + "ingest.ownership";
    }

    private static void ensureOwnershipTopic(Admin admin, String name, int partitions) {
        NewTopic topic = new NewTopic(name, Optional.of(partitions), Optional.empty()).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofHours(1).toMillis())));
        try {
            admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + name + ": " + e.getCause().getMessage(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("creating " + name + " timed out", e);
        }
    }

    private static int partitionsOf(Admin admin, String topic) {
        try {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
            return d.partitions().size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot describe " + topic + ": " + e.getMessage(), e);
        }
    }

    /** Brings the running pullers in line with the graph state and the ownership; called on every change. */
    synchronized void reconcile() {
        if (shuttingDown || packets == null) {
            return;
        }
        GraphSnapshot s = snapshot;
        Ownership o = ownership;
        Map<StreamKey, SourceSpec> desired = s == null || o == null ? Map.of()
                : SourcePlan.desired(s.activeGraphs(), o::owns);
        Map<StreamKey, SourceSpec> running = pullers.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().spec()));
        SourcePlan.Changes changes = SourcePlan.changes(running, desired);
        for (StreamKey key : changes.stop()) {
            CameraPuller p = pullers.remove(key);
            if (p != null) {
                LOG.infof("%s: stop pulling", key);
                p.stop();
            }
            metrics.remove(key);
        }
        for (SourceSpec spec : changes.start()) {
            LOG.infof("%s: start pulling %s", spec.key(), spec.maskedUrl());
            IngestConfig.Reconnect r = config.reconnect();
            CameraPuller p = new CameraPuller(spec, rtspSettings(), r.initialDelay(), r.maxDelay(), r.jitter(), packets, this);
            pullers.put(spec.key(), p);
            p.start();
        }
    }

    private RtspSettings rtspSettings() {
        IngestConfig.Rtsp r = config.rtsp();
        return new RtspSettings(r.socketTimeout(), r.probeSize(), r.analyzeDuration(), r.udpBufferBytes());
    }

    @Override
    public void established(StreamKey key, String sdp, boolean reconnect) {
        if (reconnect) {
            metrics.reconnect(key);
        }
        diagnostics.established(key, sdp);
    }

    @Override
    public void connectFailed(StreamKey key, SessionFailure failure, int attempt, long retryInMs) {
        metrics.connectFailure(key);
        diagnostics.error(key, failure);
    }

    @Override
    public void disconnected(StreamKey key, SessionFailure cause, long retryInMs) {
        diagnostics.disconnected(key, cause);
    }

    @Override
    public void packet(StreamKey key, int bytes) {
        metrics.packet(key, bytes);
    }

    /** Null when ready; else why not. */
    public String notReadyReason() {
        if (startupProblem != null) {
            return startupProblem;
        }
        if (!caughtUp) {
            return "reading the graph topics";
        }
        Ownership o = ownership;
        if (o == null || !o.joined()) {
            return "joining the ingest group";
        }
        return null;
    }

    /** The streams pulled by this replica (for health details and tests). */
    public List<String> pulledSources() {
        return pullers.keySet().stream().map(StreamKey::toString).sorted().toList();
    }

    public List<Integer> ownedPartitions() {
        Ownership o = ownership;
        return o == null ? List.of() : o.ownedPartitions().stream().sorted().toList();
    }

    void onStop(@Observes ShutdownEvent event) {
        shuttingDown = true;
        if (starter != null) {
            starter.interrupt();
        }
        pullers.values().forEach(CameraPuller::stop);
        pullers.values().forEach(p -> p.stopAndWait(Duration.ofSeconds(5)));
        pullers.clear();
        closeClients();
    }

    private void closeClients() {
        if (follower != null) {
            follower.close();
            follower = null;
        }
        if (ownership != null) {
            ownership.close();
            ownership = null;
        }
        if (packets != null) {
            droppedBefore += packets.droppedPackets();
            packets.close();
            packets = null;
        }
        if (diagnostics != null) {
            diagnostics.close();
            diagnostics = null;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
