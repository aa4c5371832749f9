package io.openlva.graph.contract;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The settings every Kafka client of a service starts from: the bootstrap servers plus the connection's
 * security settings (TLS, SASL) of an existing cluster. Those come from the environment with the names Quarkus
 * uses for {@code kafka.*} properties ({@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_MECHANISM},
 * {@code KAFKA_SASL_JAAS_CONFIG}, {@code KAFKA_SSL_TRUSTSTORE_LOCATION}, ...), which the Helm chart sets.
 */
public final class KafkaClients {

    private KafkaClients() {
    }

    public static Map<String, Object> config(String bootstrapServers) {
        return fromEnvironment(bootstrapServers, System.getenv());
    }

    /** {@link #config(String)} plus the client's own settings. */
    public static Map<String, Object> config(String bootstrapServers, Map<String, ?> clientSettings) {
        Map<String, Object> config = config(bootstrapServers);
        config.putAll(clientSettings);
        return config;
    }

    static Map<String, Object> fromEnvironment(String bootstrapServers, Map<String, String> env) {
        Map<String, Object> config = new HashMap<>();
        env.forEach((name, value) -> {
            String key = clientKey(name);
            if (key != null && value != null && !value.isBlank()) {
                config.put(key, value);
            }
        });
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return config;
    }

    /** {@code KAFKA_SSL_TRUSTSTORE_LOCATION} -> {@code ssl.truststore.location}; only connection security settings. */
    static String clientKey(String envName) {
        if (!envName.startsWith("KAFKA_")) {
            return null;
        }
        String key = envName.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
        return key.equals("security.protocol") || key.startsWith("sasl.") || key.startsWith("ssl.") ? key : null;
    }
}
