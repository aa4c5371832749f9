package io.openlva.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.openlva.devkit.KafkaBroker;
import io.openlva.devkit.TestKafka;
import io.openlva.graph.contract.KafkaClients;
import io.openlva.graph.contract.TopicSpecs;
import io.openlva.graph.contract.Topics;
import io.openlva.graph.model.OwningService;

/**
 * Who may change the pipeline, on a real broker with SCRAM logins and {@link KafkaAccess}'s ACLs: nobody without
 * credentials, no service but hub-bridge on the graph topics, every service on what it needs. Prints one line per
 * probe ({@code ACL probe: ...}), the figures the hardening note quotes.
 */
class KafkaAclProbeTest {

    private static final Topics TOPICS = Topics.DEFAULT;
    private static final Map<OwningService, String> PASSWORDS = new EnumMap<>(OwningService.class);
    private static KafkaBroker broker;

    @BeforeAll
    static void secureTheCluster() throws Exception {
        broker = TestKafka.secured();
        try (Admin admin = Admin.create(broker.adminConfig())) {
            TopicSpecs.ensure(admin, TOPICS, 2);
        }
        for (OwningService s : OwningService.values()) {
            PASSWORDS.put(s, KafkaBroker.randomSecret());
            broker.createUser(KafkaAccess.user(s), PASSWORDS.get(s));
            broker.allow(KafkaAccess.acls(s, TOPICS));
        }
    }

    static KafkaFactory as(OwningService s) {
        return new KafkaFactory(broker.bootstrapServers(), KafkaClients.sasl(KafkaAccess.user(s), PASSWORDS.get(s), null));
    }

    @Test
    void aClientWithoutCredentialsCannotWriteTheInstances() {
        String result = write(new KafkaFactory(broker.bootstrapServers()), TOPICS.instances());
        report("no credentials", "write", TOPICS.instances(), result);
        assertThat(result).startsWith("DENIED");
    }

    @Test
    void aWrongPasswordIsRefused() {
        KafkaFactory wrong = new KafkaFactory(broker.bootstrapServers(),
                KafkaClients.sasl(KafkaAccess.user(OwningService.HUB_BRIDGE), "guessed", null));
        String result = write(wrong, TOPICS.instances());
        report("hub-bridge, wrong password", "write", TOPICS.instances(), result);
        assertThat(result).isEqualTo("DENIED (" + SaslAuthenticationException.class.getSimpleName() + ")");
    }

    @Test
    void onlyHubBridgeWritesTheGraphTopics() {
        for (OwningService s : OwningService.values()) {
            for (String topic : List.of(TOPICS.topologies(), TOPICS.instances())) {
                String result = write(as(s), topic);
                report(KafkaAccess.principal(s), "write", topic, result);
                if (s == OwningService.HUB_BRIDGE) {
                    assertThat(result).as("%s writes %s", s, topic).isEqualTo("ALLOWED");
                } else {
                    assertThat(result).as("%s writes %s", s, topic)
                            .isEqualTo("DENIED (" + TopicAuthorizationException.class.getSimpleName() + ")");
                }
            }
        }
    }

    @Test
    void everyServiceMayDoWhatItNeeds() {
        for (OwningService s : OwningService.values()) {
            String group = KafkaAccess.groupPrefixes(s).get(0) + "-probe";
            KafkaAccess.topics(s, TOPICS).forEach((topic, ops) -> {
                if (ops.contains(AclOperation.WRITE)) {
                    String result = write(as(s), topic);
                    report(KafkaAccess.principal(s), "write", topic, result);
                    assertThat(result).as("%s writes %s", s, topic).isEqualTo("ALLOWED");
                }
                if (ops.contains(AclOperation.READ)) {
                    String result = read(as(s), topic, group);
                    report(KafkaAccess.principal(s), "read as " + group, topic, result);
                    assertThat(result).as("%s reads %s", s, topic).isEqualTo("ALLOWED");
                }
            });
        }
        // and not what it does not need: the sampler does not read the inference's frames in its group
        String result = read(as(OwningService.SAMPLER), TOPICS.frames(), "openlva-sampler-probe");
        report(KafkaAccess.principal(OwningService.SAMPLER), "read", TOPICS.frames(), result);
        assertThat(result).startsWith("DENIED");
        String foreignGroup = read(as(OwningService.SAMPLER), TOPICS.packets(), "openlva-inference");
        report(KafkaAccess.principal(OwningService.SAMPLER), "read as openlva-inference", TOPICS.packets(), foreignGroup);
        assertThat(foreignGroup).startsWith("DENIED");
    }

    @Test
    void aServiceStartsAndFollowsTheGraphWithItsLogin() {
        ServiceHealth health = new ServiceHealth();
        ServiceStartupTest.RecordingApp app = new ServiceStartupTest.RecordingApp();
        ServiceStartup startup = new ServiceStartup(new TestConfig(OwningService.SAMPLER, TOPICS.prefix(), 2,
                broker.bootstrapServers()), TOPICS, as(OwningService.SAMPLER), health, app);
        try {
            startup.start();
            await().atMost(ServiceStartupTest.WAIT).until(() -> app.caughtUp);
            report(KafkaAccess.principal(OwningService.SAMPLER), "start-up (topics, graph replay)", TOPICS.prefix() + "*",
                    "ALLOWED");
        } finally {
            startup.stop();
        }
    }

    private static void report(String who, String what, String topic, String result) {
        System.out.println(String.format("ACL probe: %-26s %-32s %-22s %s", who, what, topic, result));
    }

    /** ALLOWED when a record is acknowledged, else DENIED with the client's reason. */
    static String write(KafkaFactory kafka, String topic) {
        try (KafkaProducer<String, String> p = kafka.producer("acl-probe", new StringSerializer(), new StringSerializer(),
                Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000", ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "5000",
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "4000", ProducerConfig.LINGER_MS_CONFIG, "0"))) {
            p.send(new ProducerRecord<>(topic, "acl-probe", "probe")).get();
            return "ALLOWED";
        } catch (Exception e) {
            return denied(e);
        }
    }

    /** ALLOWED when the consumer joins {@code group} and commits its positions on the topic. */
    static String read(KafkaFactory kafka, String topic, String group) {
        try (KafkaConsumer<String, String> c = kafka.consumer("acl-probe", group, new StringDeserializer(),
                new StringDeserializer(), Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000"))) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (c.assignment().isEmpty() && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200));
            }
            if (c.assignment().isEmpty()) {
                return "DENIED (no partitions assigned)";
            }
            // committing a position needs READ on the topic (and the group): deterministic, unlike a fetch that
            // may or may not have happened within the polls above
            Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
            for (TopicPartition tp : c.assignment()) {
                positions.put(tp, new OffsetAndMetadata(c.position(tp)));
            }
            c.commitSync(positions);
            return "ALLOWED";
        } catch (Exception e) {
            return denied(e);
        }
    }

    private static String denied(Exception e) {
        Throwable cause = e.getCause() != null && e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
        return "DENIED (" + cause.getClass().getSimpleName() + ")";
    }
}
