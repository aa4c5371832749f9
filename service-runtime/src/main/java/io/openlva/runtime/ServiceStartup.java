package io.openlva.runtime;

import java.time.Duration;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.admin.Admin;
import org.jboss.logging.Logger;

import io.openlva.graph.contract.TopicSpecs;
import io.openlva.graph.contract.Topics;
import io.openlva.graph.follow.GraphFollower;
import io.openlva.graph.param.ParameterCipher;
import io.openlva.graph.follow.GraphSnapshot;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Starts the service the same way in every module, on a background thread so the HTTP endpoints answer (readiness
 * down) meanwhile: ensure the shared topics and {@link ServiceApp#start} — retried with {@link Backoff#standard()}
 * while Kafka is not there yet, never crash-looping —, follow the graph topics, wait for the replay, then
 * {@link ServiceApp#caughtUp}. The readiness reason says where it is: "waiting for Kafka at ...", "catching up
 * graph topics", then {@link ServiceHealth#READY}.
 */
@Singleton
public class ServiceStartup {

    private static final Logger LOG = Logger.getLogger(ServiceStartup.class);
    /** How often a slow replay is logged; the wait itself has no end (readiness says why). */
    static final Duration CATCH_UP_LOG_EVERY = Duration.ofSeconds(30);

    private final RuntimeConfig config;
    private final Topics topics;
    private final KafkaFactory kafka;
    private final ServiceHealth health;
    private final ServiceApp app;
    private final KafkaProbe probe;
    private volatile GraphFollower follower;
    private volatile boolean stopping;
    private Thread starter;

    public ServiceStartup(RuntimeConfig config, Topics topics, KafkaFactory kafka, ServiceHealth health, ServiceApp app) {
        this.config = config;
        this.topics = topics;
        this.kafka = kafka;
        this.health = health;
        this.app = app;
        this.probe = new KafkaProbe(kafka, health);
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    public synchronized void start() {
        if (starter != null) {
            return;
        }
        // malformed parameter keys stop the service now, by name, instead of skipping every sealed instance later
        ParameterCipher.shared();
        health.starting(waitingForKafka(null));
        probe.start();
        starter = new Thread(this::run, config.service().serviceName() + "-start");
        starter.setDaemon(true);
        starter.start();
    }

    private void run() {
        Backoff backoff = Backoff.standard();
        while (!stopping) {
            try (Admin admin = kafka.admin()) {
                TopicSpecs.ensure(admin, topics, config.mediaPartitions());
                app.start(admin);
                break;
            } catch (RuntimeException e) {
                app.close();
                Duration delay = backoff.next();
                String reason = waitingForKafka(e);
                health.starting(reason);
                LOG.warnf("%s; retrying in %d ms", reason, delay.toMillis());
                if (stopping || !Backoff.pause(delay)) {
                    return;
                }
            }
        }
        if (stopping) {
            return;
        }
        health.starting("catching up graph topics");
        GraphFollower f = new GraphFollower(kafka.connection(), topics, app::graphChanged);
        synchronized (this) {
            if (stopping) {
                return;
            }
            follower = f;
            f.start();
        }
        try {
            while (!f.awaitCaughtUp(CATCH_UP_LOG_EVERY)) {
                LOG.warnf("graph topics %s not replayed after %s; still reading", topics.graphState(), CATCH_UP_LOG_EVERY);
                if (stopping) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        app.caughtUp();
        health.started();
        LOG.infof("%s started: topics %s*, graph replayed", config.service().serviceName(), topics.prefix());
    }

    private String waitingForKafka(RuntimeException failure) {
        String reason = "waiting for Kafka at " + kafka.bootstrapServers();
        if (failure == null) {
            return reason;
        }
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause(); // the root: "TimeoutException: Timed out waiting for a node assignment..."
        }
        return reason + ": " + ConsumerLoop.describe(cause);
    }

    /** The latest graph state (empty before the replay). */
    public GraphSnapshot graph() {
        GraphFollower f = follower;
        return f == null ? GraphSnapshot.EMPTY : f.snapshot();
    }

    /** Whether the graph topics were replayed. */
    public boolean caughtUp() {
        GraphFollower f = follower;
        return f != null && f.isCaughtUp();
    }

    public void stop() {
        Thread t;
        synchronized (this) {
            if (stopping) {
                return;
            }
            stopping = true;
            t = starter;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // the follower first: no graph change reaches the service while it stops
        GraphFollower f = follower;
        if (f != null) {
            f.close();
        }
        app.close();
        probe.close();
    }
}
