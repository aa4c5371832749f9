package io.openlva.inference.frames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.MediaFrame;
import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.contract.TopicSpecs;
import io.openlva.graph.contract.Topics;
import io.openlva.inference.GraphFixtures;
import io.openlva.inference.TestClients;
import io.openlva.inference.TestFrames;
import io.openlva.inference.TestModel;

/**
 * Two inference replicas (separate JVMs) share one frame stream through the consumer group; when one is killed
 * the other takes over its partitions and every partition keeps producing events.
 */
@QuarkusTest
@QuarkusTestResource(value = io.openlva.devkit.KafkaTestResource.class, restrictToAnnotatedClass = false)
class FailoverTest {

    // A Quarkus test only to share the JVM's one broker with the other Quarkus tests (TestKafka lives in the
    // Quarkus class loader there); the replicas under test are the two child JVMs, not this application.
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private static final int PARTITIONS = 4;
    private final List<Process> replicas = new ArrayList<>();

    @AfterEach
    void stopReplicas() {
        replicas.forEach(Process::destroyForcibly);
    }

    @Test
    void survivorTakesOverThePartitionsOfAKilledReplica() throws Exception {
        Topics topics = new Topics("failover-" + UUID.randomUUID().toString().substring(0, 6) + ".");
        String group = "inference-failover-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicSpecs.ensure(admin, topics, PARTITIONS);
            GraphFixtures.activate(bootstrap, topics, "/topologies/people-detection.json", "yard", Map.of(
                    "modelPath", TestModel.path().toString(), "inferencingUrl", "http://127.0.0.1:1/score"));

            Process a = startReplica(bootstrap, topics, group);
            Process b = startReplica(bootstrap, topics, group);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
                List<MemberDescription> members = members(admin, group);
                assertThat(members).hasSize(2);
                assertThat(members).allSatisfy(m -> assertThat(m.assignment().topicPartitions()).isNotEmpty());
            });

            byte[] jpeg = TestFrames.read(TestFrames.jpegs().get(0));
            Map<Integer, Long> eventsByPartition = new ConcurrentHashMap<>();
            try (KafkaProducer<String, byte[]> producer = TestClients.producer(bootstrap);
                    KafkaConsumer<String, byte[]> events = TestClients.events(bootstrap, topics, true)) {
                // both replicas serve: an event for a frame of every partition
                long seq = sendUntilEveryPartitionAnswers(producer, events, topics, jpeg, 1, eventsByPartition, Duration.ofSeconds(150));

                long killedAt = a.pid();
                a.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
                    List<MemberDescription> members = members(admin, group);
                    assertThat(members).as("replica %d gone, one member left", killedAt).hasSize(1);
                    assertThat(members.get(0).assignment().topicPartitions()).hasSize(PARTITIONS);
                });
                assertThat(b.isAlive()).isTrue();

                // the survivor answers for every partition, including the killed replica's
                eventsByPartition.clear();
                sendUntilEveryPartitionAnswers(producer, events, topics, jpeg, seq + 1, eventsByPartition, Duration.ofSeconds(150));
                assertThat(eventsByPartition.keySet()).containsExactlyInAnyOrder(0, 1, 2, 3);
            }
        }
    }

    /** Sends one frame per partition per round (media time encodes round and partition) until each has an event. */
    private static long sendUntilEveryPartitionAnswers(KafkaProducer<String, byte[]> producer, KafkaConsumer<String, byte[]> events,
            Topics topics, byte[] jpeg, long firstRound, Map<Integer, Long> answered, Duration timeout) throws Exception {
        long round = firstRound;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (answered.size() < PARTITIONS && System.nanoTime() < deadline) {
            for (int p = 0; p < PARTITIONS; p++) {
                if (answered.containsKey(p)) {
                    continue;
                }
                MediaFrame f = new MediaFrame(new StreamKey("yard", "detector"), "rtspSource", round * 1_000_000 + p, System.currentTimeMillis(),
                        "image/jpeg", null, 768, 576, 768, 576, "none", null, jpeg);
                ProducerRecord<String, byte[]> r = f.toRecord(topics.frames());
                producer.send(new ProducerRecord<>(r.topic(), p, r.timestamp(), r.key(), r.value(), r.headers())).get(30, TimeUnit.SECONDS);
            }
            long until = System.nanoTime() + Duration.ofSeconds(6).toNanos();
            while (System.nanoTime() < until && answered.size() < PARTITIONS) {
                events.poll(Duration.ofMillis(500)).forEach(rec -> {
                    GraphEvent e = GraphEvent.fromRecord(rec);
                    long t = e.mediaTimeUs();
                    if (t / 1_000_000 >= firstRound) {
                        answered.put((int) (t % 1_000_000), t);
                    }
                });
            }
            round++;
        }
        assertThat(answered.keySet()).as("partitions that produced events").containsExactlyInAnyOrder(0, 1, 2, 3);
        return round;
    }

    private static List<MemberDescription> members(Admin admin, String group) throws Exception {
        ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group);
        return new ArrayList<>(d.members());
    }

    private Process startReplica(String bootstrap, Topics topics, String group) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = Path.of("target", "failover-replica-" + replicas.size() + ".log").toAbsolutePath();
        Process p = new ProcessBuilder(java.toString(), "-Xmx384m", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-cp", System.getProperty("java.class.path"),
                WorkerMain.class.getName(), Long.toString(ProcessHandle.current().pid()), bootstrap, topics.prefix(), group,
                TestModel.path().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        replicas.add(p);
        return p;
    }
}
