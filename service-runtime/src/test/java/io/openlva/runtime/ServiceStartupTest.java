package io.openlva.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

import io.openlva.devkit.KafkaBroker;
import io.openlva.devkit.Ports;
import io.openlva.devkit.TestKafka;
import io.openlva.graph.contract.Topics;
import io.openlva.graph.follow.GraphSnapshot;

/** Start-up on the real broker: topics, graph replay, readiness reasons, retries; Kafka starting late. */
class ServiceStartupTest {

    static final Duration WAIT = Duration.ofSeconds(180);

    static final class RecordingApp implements ServiceApp {
        final AtomicInteger starts = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();
        final List<GraphSnapshot> graphs = new CopyOnWriteArrayList<>();
        volatile boolean caughtUp;
        volatile boolean failNextStart;

        @Override
        public void start(Admin admin) {
            starts.incrementAndGet();
            if (failNextStart) {
                failNextStart = false;
                throw new IllegalStateException("own topic not created");
            }
        }

        @Override
        public void graphChanged(GraphSnapshot graph) {
            graphs.add(graph);
        }

        @Override
        public void caughtUp() {
            caughtUp = true;
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    static Topics freshTopics() {
        return new Topics("r" + UUID.randomUUID().toString().substring(0, 8) + ".");
    }

    static ServiceStartup startup(String bootstrap, Topics topics, ServiceHealth health, ServiceApp app) {
        KafkaFactory kafka = new KafkaFactory(bootstrap);
        return new ServiceStartup(TestConfig.of(bootstrap, topics), topics, kafka, health, app);
    }

    @Test
    void waitsForKafkaThatStartsLateThenCreatesTopicsReplaysTheGraphAndIsReady() throws Exception {
        int port = Ports.free();
        String bootstrap = "127.0.0.1:" + port;
        Topics topics = freshTopics();
        ServiceHealth health = new ServiceHealth();
        RecordingApp app = new RecordingApp();
        ServiceStartup startup = startup(bootstrap, topics, health, app);
        KafkaBroker late = null;
        try {
            startup.start();
            assertThat(health.readiness(null)).startsWith("waiting for Kafka at " + bootstrap);
            // the first attempt fails (admin timeout), start-up keeps retrying instead of failing
            await().atMost(Duration.ofSeconds(60)).until(() -> app.closes.get() >= 1);
            assertThat(app.starts).hasValue(0);
            assertThat(health.readiness(null)).startsWith("waiting for Kafka at " + bootstrap + ": ");
            assertThat(startup.caughtUp()).isFalse();

            late = KafkaBroker.start(port, Path.of("target", "kafka-late-" + System.nanoTime()).toAbsolutePath());
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> health.readiness(null).equals(ServiceHealth.READY));
            assertThat(app.starts).hasValue(1);
            assertThat(app.caughtUp).isTrue();
            assertThat(app.graphs).isNotEmpty();
            assertThat(startup.caughtUp()).isTrue();
            assertThat(startup.graph().topologies()).isEmpty();
            try (Admin admin = new KafkaFactory(bootstrap).admin()) {
                Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                assertThat(names).containsAll(topics.all());
            }
            // the service's own reason comes last
            assertThat(health.readiness("joining the ingest group")).isEqualTo("joining the ingest group");

            // Kafka going away after start-up: the probe takes readiness down, liveness stays up
            late.kill();
            await().atMost(Duration.ofSeconds(60)).until(() -> health.readiness(null).contains("unreachable"));
            assertThat(health.live()).isTrue();
        } finally {
            int closesBefore = app.closes.get();
            startup.stop();
            assertThat(app.closes.get()).isEqualTo(closesBefore + 1);
            if (late != null) {
                late.close();
            }
        }
    }

    @Test
    void aFailedServiceStartIsClosedAndRetried() {
        String bootstrap = TestKafka.shared().bootstrapServers();
        Topics topics = freshTopics();
        ServiceHealth health = new ServiceHealth();
        RecordingApp app = new RecordingApp();
        app.failNextStart = true;
        ServiceStartup startup = startup(bootstrap, topics, health, app);
        try {
            startup.start();
            await().atMost(WAIT).until(() -> health.readiness(null).equals(ServiceHealth.READY));
            assertThat(app.starts).hasValue(2);
            assertThat(app.closes).hasValue(1);
            assertThat(app.caughtUp).isTrue();
        } finally {
            startup.stop();
        }
        assertThat(app.closes).hasValue(2);
    }
}
