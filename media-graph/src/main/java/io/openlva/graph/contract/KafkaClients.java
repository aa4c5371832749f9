package io.openlva.graph.contract;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * The settings every Kafka client of a service starts from: the bootstrap servers plus the connection's
 * security settings (TLS, SASL) of an existing cluster. Those come from the environment with the names Quarkus
 * uses for {@code kafka.*} properties ({@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_MECHANISM},
 * {@code KAFKA_SASL_JAAS_CONFIG}, {@code KAFKA_SSL_TRUSTSTORE_LOCATION}, ...), which the Helm chart sets.
 *
 * <p>A service's own login is simpler to give as {@code KAFKA_SASL_USERNAME} and {@code KAFKA_SASL_PASSWORD} (from
 * a Secret): they become the {@code sasl.jaas.config} of the mechanism ({@code KAFKA_SASL_MECHANISM}, default
 * {@value #DEFAULT_MECHANISM}) over {@code SASL_PLAINTEXT} unless {@code KAFKA_SECURITY_PROTOCOL} says otherwise
 * ({@code SASL_SSL}). An explicit {@code KAFKA_SASL_JAAS_CONFIG} wins.
 */
public final class KafkaClients {

    public static final String DEFAULT_MECHANISM = "SCRAM-SHA-512";
    static final String USERNAME = "sasl.username";
    static final String PASSWORD = "sasl.password";

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
        Object username = config.remove(USERNAME);
        Object password = config.remove(PASSWORD);
        if (username != null && !config.containsKey(SaslConfigs.SASL_JAAS_CONFIG)) {
            Map<String, Object> login = sasl(username.toString(), password == null ? "" : password.toString(),
                    (String) config.get(SaslConfigs.SASL_MECHANISM));
            login.forEach(config::putIfAbsent);
        }
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return config;
    }

    /**
     * The client settings of a SASL login: mechanism (null = {@value #DEFAULT_MECHANISM}; {@code PLAIN} or
     * {@code SCRAM-SHA-256/512}), its JAAS line, and {@code SASL_PLAINTEXT} (put {@code SASL_SSL} over it for TLS).
     */
    public static Map<String, Object> sasl(String username, String password, String mechanism) {
        String m = mechanism == null || mechanism.isBlank() ? DEFAULT_MECHANISM : mechanism;
        String module = m.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        config.put(SaslConfigs.SASL_MECHANISM, m);
        config.put(SaslConfigs.SASL_JAAS_CONFIG, module + " required username=" + quoted(username)
                + " password=" + quoted(password) + ";");
        return config;
    }

    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
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
