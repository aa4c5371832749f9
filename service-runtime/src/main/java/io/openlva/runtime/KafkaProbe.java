package io.openlva.runtime;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Asks the cluster every few seconds whether it answers, in the background, so the health endpoint answers at
 * once (a check that called Kafka itself would block the probe for up to a minute while the broker is away,
 * which Kubernetes sees as a timeout rather than as "not ready").
 */
final class KafkaProbe implements AutoCloseable {

    static final Duration EVERY = Duration.ofSeconds(3);

    private final KafkaFactory kafka;
    private final ServiceHealth health;
    private volatile boolean closed;
    private Thread thread;

    KafkaProbe(KafkaFactory kafka, ServiceHealth health) {
        this.kafka = kafka;
        this.health = health;
    }

    synchronized void start() {
        thread = new Thread(this::run, "kafka-probe");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try (Admin admin = kafka.admin(Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2500",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2500", AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000"))) {
            while (!closed) {
                try {
                    int nodes = admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).size();
                    health.kafka(nodes > 0 ? null : "no broker in the Kafka cluster at " + kafka.bootstrapServers());
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    health.kafka("Kafka at " + kafka.bootstrapServers() + " unreachable: " + e.getClass().getSimpleName());
                }
                if (!Backoff.pause(EVERY)) {
                    return;
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
