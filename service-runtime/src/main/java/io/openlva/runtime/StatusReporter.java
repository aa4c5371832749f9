package io.openlva.runtime;

import java.time.Clock;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import io.openlva.graph.contract.InstanceStatus;
import io.openlva.graph.follow.GraphSnapshot;
import io.openlva.graph.model.Instance;
import io.openlva.graph.contract.Topics;
import io.openlva.graph.model.InstanceState;
import io.openlva.graph.model.OwningService;
import io.openlva.graph.model.Topology;

/**
 * Writes this service's {@link InstanceStatus} reports to {@link Topics#status()}: call {@link #active} once the
 * instance's nodes this service owns run, {@link #inactive} once they stopped, {@link #forget} when the instance was
 * deleted. A report equal to the last one written for the instance (same state, version and detail) is not written
 * again, so a service may report after every reconcile. Sends are asynchronous; a failed send is logged and
 * forgotten, so the next report of the same state is written.
 */
@Singleton
public class StatusReporter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StatusReporter.class);

    private final OwningService service;
    private final String topic;
    private final KafkaFactory kafka;
    private final Clock clock;
    private final Map<String, InstanceStatus> written = new ConcurrentHashMap<>();
    /** Instances {@link #reportAll} has reported on, so their deletion is reported once. */
    private final Set<String> followed = new HashSet<>();
    private Producer<String, byte[]> producer;
    private boolean closed;

    @Inject
    public StatusReporter(RuntimeConfig config, Topics topics, KafkaFactory kafka) {
        this(config.service(), topics, kafka, Clock.systemUTC());
    }

    public StatusReporter(OwningService service, Topics topics, KafkaFactory kafka, Clock clock) {
        this.service = service;
        this.topic = topics.status();
        this.kafka = kafka;
        this.clock = clock;
    }

    /** The service runs the instance's nodes, as of the instance record at offset {@code instanceVersion}. */
    public CompletableFuture<Void> active(String instance, long instanceVersion) {
        return report(instance, InstanceState.ACTIVE, instanceVersion, null);
    }

    /** The service stopped the instance's nodes (or could not start them: {@code detail} says why, else null). */
    public CompletableFuture<Void> inactive(String instance, long instanceVersion, String detail) {
        return report(instance, InstanceState.INACTIVE, instanceVersion, detail);
    }

    public CompletableFuture<Void> report(String instance, InstanceState state, long instanceVersion, String detail) {
        InstanceStatus status = new InstanceStatus(instance, service, state, instanceVersion, detail, clock.instant());
        InstanceStatus last = written.get(instance);
        if (last != null && sameReport(last, status)) {
            return CompletableFuture.completedFuture(null);
        }
        written.put(instance, status);
        return send(instance, status.key(), status.toJson(), () -> written.remove(instance, status));
    }

    /**
     * The instance was deleted: its report goes too (a tombstone on the compacted topic). Call it once, when the
     * deletion is seen; it is written even when this process has not reported on the instance (an earlier one may).
     */
    public CompletableFuture<Void> forget(String instance) {
        written.remove(instance);
        return send(instance, InstanceStatus.key(instance, service), null, () -> { });
    }

    /**
     * Reports on every instance of {@code graph} whose topology needs this service: Inactive once it is not wanted
     * (neither Active nor Activating) and {@code stillRunning} no longer names it; Inactive with the reason when it
     * does not resolve or {@code whyNotRunning} gives one; else Active. Deleted instances are forgotten once they
     * no longer run. Call it after every change of the graph or of what runs: unchanged reports are not rewritten.
     */
    public synchronized void reportAll(GraphSnapshot graph, Function<String, String> whyNotRunning,
            Predicate<String> stillRunning) {
        for (Instance i : graph.instances().values()) {
            Topology t = graph.topologies().get(i.topologyName());
            if (t == null || !t.services().contains(service)) {
                continue;
            }
            followed.add(i.name());
            long version = graph.instanceVersion(i.name());
            boolean wanted = i.state() == InstanceState.ACTIVE || i.state() == InstanceState.ACTIVATING;
            String why = wanted ? whyNotRunning.apply(i.name()) : null;
            if (!wanted) {
                if (!stillRunning.test(i.name())) {
                    inactive(i.name(), version, null);
                }
            } else if (graph.activeGraph(i.name()) == null) {
                inactive(i.name(), version, "instance does not resolve against topology " + t.name());
            } else if (why != null) {
                inactive(i.name(), version, why);
            } else {
                active(i.name(), version);
            }
        }
        for (Iterator<String> it = followed.iterator(); it.hasNext();) {
            String name = it.next();
            if (!graph.instances().containsKey(name) && !stillRunning.test(name)) {
                it.remove();
                forget(name);
            }
        }
    }

    /** The instances this service has reported on and not forgotten, with their last report. */
    public Map<String, InstanceStatus> reported() {
        return Map.copyOf(written);
    }

    static boolean sameReport(InstanceStatus a, InstanceStatus b) {
        return a.state() == b.state() && a.instanceVersion() == b.instanceVersion() && Objects.equals(a.detail(), b.detail());
    }

    private CompletableFuture<Void> send(String instance, String key, byte[] value, Runnable onFailure) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            producer().send(new ProducerRecord<>(topic, key, value), (meta, e) -> {
                if (e != null) {
                    onFailure.run();
                    LOG.warnf("status of %s not written to %s: %s", instance, topic, e.toString());
                    done.completeExceptionally(e);
                } else {
                    done.complete(null);
                }
            });
        } catch (RuntimeException e) {
            onFailure.run();
            LOG.warnf("status of %s not written to %s: %s", instance, topic, e.toString());
            done.completeExceptionally(e);
        }
        return done;
    }

    private synchronized Producer<String, byte[]> producer() {
        if (closed) {
            throw new IllegalStateException("status reporter closed");
        }
        if (producer == null) {
            producer = kafka.producer(service.serviceName() + "-status", new StringSerializer(), new ByteArraySerializer(),
                    Map.of());
        }
        return producer;
    }

    @PreDestroy
    @Override
    public synchronized void close() {
        closed = true;
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(5));
            producer = null;
        }
    }
}
