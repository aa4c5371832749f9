package io.openlva.graph.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class KafkaClientsTest {

    @Test
    void takesTheClusterSecuritySettingsFromTheEnvironmentAndNothingElse() {
        Map<String, Object> config = KafkaClients.fromEnvironment("kafka:9093", Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "ignored:1",
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/kafka/ca.pem",
                "KAFKA_SSL_TRUSTSTORE_TYPE", "PEM",
                "KAFKA_HEAP_OPTS", "-Xmx1g",
                "PATH", "/usr/bin"));
        assertThat(config).containsEntry("bootstrap.servers", "kafka:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;")
                .containsEntry("ssl.truststore.location", "/etc/kafka/ca.pem")
                .containsEntry("ssl.truststore.type", "PEM")
                .hasSize(6);
    }

    @Test
    void aUsernameAndPasswordBecomeAScramLogin() {
        Map<String, Object> config = KafkaClients.fromEnvironment("kafka:9092", Map.of(
                "KAFKA_SASL_USERNAME", "sampler-service",
                "KAFKA_SASL_PASSWORD", "pa\"ss"));
        assertThat(config).containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"sampler-service\" password=\"pa\\\"ss\";")
                .doesNotContainKeys("sasl.username", "sasl.password");
        Map<String, Object> tls = KafkaClients.fromEnvironment("kafka:9093", Map.of(
                "KAFKA_SASL_USERNAME", "u", "KAFKA_SASL_PASSWORD", "p", "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_SASL_MECHANISM", "PLAIN"));
        assertThat(tls).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + " username=\"u\" password=\"p\";");
    }
}
