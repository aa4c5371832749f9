package io.openlva.runtime;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.openlva.graph.contract.KafkaClients;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Turns a service's Kafka login ({@code kafka.sasl.username} / {@code kafka.sasl.password}, i.e. the variables
 * {@code KAFKA_SASL_USERNAME} / {@code KAFKA_SASL_PASSWORD} from the chart's Secret) into the {@code kafka.*}
 * settings Quarkus hands to its own Kafka clients (SmallRye Reactive Messaging channels) and {@link KafkaFactory}
 * reads: {@code kafka.sasl.jaas.config}, {@code kafka.sasl.mechanism}, {@code kafka.security.protocol}. What is
 * set explicitly wins (this source's ordinal is below application.properties and only missing keys are given).
 */
public final class KafkaLoginConfigSource implements ConfigSourceFactory {

    static final String NAME = "openlva-kafka-login";
    static final int ORDINAL = 150;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        String user = value(context, "kafka.sasl.username");
        if (user == null || value(context, "kafka.sasl.jaas.config") != null) {
            return List.of();
        }
        String password = value(context, "kafka.sasl.password");
        Map<String, String> login = new HashMap<>();
        KafkaClients.sasl(user, password == null ? "" : password, value(context, "kafka.sasl.mechanism"))
                .forEach((k, v) -> {
                    if (value(context, "kafka." + k) == null) {
                        login.put("kafka." + k, v.toString());
                    }
                });
        return List.of(new PropertiesConfigSource(login, NAME, ORDINAL));
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue v = context.getValue(name);
        return v == null || v.getValue() == null || v.getValue().isBlank() ? null : v.getValue();
    }
}
