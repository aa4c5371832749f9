package io.openlva.devkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The secured broker really authenticates and authorizes: what no ACL allows is refused. */
class SecuredKafkaBrokerTest {

    private static KafkaBroker broker;

    @BeforeAll
    static void start() {
        broker = TestKafka.secured();
        broker.createTopics(List.of(new NewTopic("devkit.secured", 1, (short) 1)));
        broker.createUser("writer", "writer-password");
        broker.createUser("reader", "reader-password");
        broker.allow(List.of(new AclBinding(new ResourcePattern(ResourceType.TOPIC, "devkit.secured", PatternType.LITERAL),
                new AccessControlEntry("User:writer", "*", AclOperation.WRITE, AclPermissionType.ALLOW))));
    }

    @AfterAll
    static void stop() {
        broker.stop();
    }

    @Test
    void theAdminAndAGrantedUserWrite() throws Exception {
        assertThat(broker.secured()).isTrue();
        send(broker.adminConfig());
        send(broker.clientConfig("writer", "writer-password"));
    }

    @Test
    void aUserWithoutAnAclIsRefused() {
        assertThatThrownBy(() -> send(broker.clientConfig("reader", "reader-password")))
                .hasCauseInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void aWrongPasswordIsRefused() {
        assertThatThrownBy(() -> send(broker.clientConfig("writer", "not-the-password")))
                .hasCauseInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void aClientWithoutCredentialsGetsNowhere() {
        // a PLAINTEXT client cannot even fetch metadata from a SASL listener: the send gives up after max.block.ms
        assertThatThrownBy(() -> send(broker.clientConfig(null, null))).isInstanceOf(Exception.class);
    }

    private static void send(Map<String, Object> config) throws ExecutionException, InterruptedException {
        Map<String, Object> c = new HashMap<>(config);
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5000);
        c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000);
        c.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        try (KafkaProducer<String, String> p = new KafkaProducer<>(c, new StringSerializer(), new StringSerializer())) {
            p.send(new ProducerRecord<>("devkit.secured", "k", "v")).get();
        }
    }
}
