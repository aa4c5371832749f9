package io.openlva.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** A username and password in the configuration become the login of Quarkus' Kafka clients and of KafkaFactory. */
class KafkaLoginConfigSourceTest {

    private static SmallRyeConfig config(Map<String, String> values) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(values, "test", 250))
                .withSources(new KafkaLoginConfigSource()).build();
    }

    @Test
    void aUsernameAndPasswordBecomeAScramLogin() {
        SmallRyeConfig config = config(Map.of("kafka.sasl.username", "hub-bridge", "kafka.sasl.password", "s3cret"));
        assertThat(config.getValue("kafka.sasl.jaas.config", String.class)).isEqualTo(
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"hub-bridge\" password=\"s3cret\";");
        assertThat(config.getValue("kafka.sasl.mechanism", String.class)).isEqualTo("SCRAM-SHA-512");
        assertThat(config.getValue("kafka.security.protocol", String.class)).isEqualTo("SASL_PLAINTEXT");

        Map<String, Object> clients = new KafkaFactory(TestConfig.of("127.0.0.1:1", io.openlva.graph.contract.Topics.DEFAULT),
                config).connection();
        assertThat(clients).containsEntry("sasl.jaas.config", config.getValue("kafka.sasl.jaas.config", String.class))
                .containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("bootstrap.servers", "127.0.0.1:1");
    }

    @Test
    void explicitSettingsWinAndNoLoginMeansNothingAdded() {
        SmallRyeConfig tls = config(Map.of("kafka.sasl.username", "u", "kafka.sasl.password", "p",
                "kafka.security.protocol", "SASL_SSL"));
        assertThat(tls.getValue("kafka.security.protocol", String.class)).isEqualTo("SASL_SSL");
        assertThat(tls.getOptionalValue("kafka.sasl.jaas.config", String.class)).isPresent();

        SmallRyeConfig open = config(Map.of("kafka.bootstrap.servers", "127.0.0.1:9092"));
        assertThat(open.getOptionalValue("kafka.sasl.jaas.config", String.class)).isEmpty();
        assertThat(new KafkaFactory(TestConfig.of("127.0.0.1:1", io.openlva.graph.contract.Topics.DEFAULT), open)
                .connection()).doesNotContainKeys("sasl.jaas.config", "security.protocol");
    }
}
