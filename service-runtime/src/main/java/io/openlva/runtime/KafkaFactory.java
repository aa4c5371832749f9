package io.openlva.runtime;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

import io.openlva.graph.contract.KafkaClients;

/**
 * The one way a service builds Kafka clients: the bootstrap servers and the cluster's TLS/SASL settings
 * ({@link KafkaClients}), the runtime's defaults, then what the caller gives (which wins). Callers name only what
 * differs: a client id, a group, serializers, and settings such as {@code acks} for a lossy media producer.
 */
@Singleton
public class KafkaFactory {

    /** Producers: every write acknowledged by all replicas, no duplicates on retry, and a send never blocks long. */
    static final Map<String, Object> PRODUCER_DEFAULTS = Map.of(
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
            ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
    /** Consumers commit on purpose (or set {@code enable.auto.commit}). */
    static final Map<String, Object> CONSUMER_DEFAULTS = Map.of(
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    /** Admin calls fail within seconds while Kafka is away, so start-up can retry and report it. */
    static final Map<String, Object> ADMIN_DEFAULTS = Map.of(
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000",
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");

    private final String bootstrapServers;
    /** Security settings given in code (tests); otherwise the environment's ({@link KafkaClients}). */
    private final Map<String, Object> security;

    /**
     * In a service: the bootstrap servers of {@link RuntimeConfig}, and the login Quarkus' {@code kafka.*}
     * configuration holds ({@link KafkaLoginConfigSource} builds it from {@code KAFKA_SASL_USERNAME}/{@code _PASSWORD}).
     */
    @Inject
    public KafkaFactory(RuntimeConfig config, Config settings) {
        this(config.kafka().bootstrapServers(), login(settings));
    }

    public KafkaFactory(String bootstrapServers) {
        this(bootstrapServers, Map.of());
    }

    /**
     * A factory whose clients log in with {@code security} on top of the environment's settings, e.g.
     * {@code KafkaClients.sasl(user, password, null)}: what the {@code KAFKA_SASL_USERNAME}/{@code _PASSWORD}
     * variables give a deployed service.
     */
    public KafkaFactory(String bootstrapServers, Map<String, ?> security) {
        this.bootstrapServers = bootstrapServers;
        this.security = Map.copyOf(security);
    }

    private static Map<String, Object> login(Config settings) {
        Map<String, Object> login = new HashMap<>();
        for (String key : List.of(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, SaslConfigs.SASL_MECHANISM,
                SaslConfigs.SASL_JAAS_CONFIG)) {
            settings.getOptionalValue("kafka." + key, String.class).filter(v -> !v.isBlank())
                    .ifPresent(v -> login.put(key, v));
        }
        return login;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Bootstrap servers and connection security: what every client starts from. */
    public Map<String, Object> connection() {
        Map<String, Object> config = KafkaClients.config(bootstrapServers);
        config.putAll(security);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return config;
    }

    public <K, V> KafkaProducer<K, V> producer(String clientId, Serializer<K> keys, Serializer<V> values,
            Map<String, ?> settings) {
        return new KafkaProducer<>(producerConfig(clientId, settings), keys, values);
    }

    /** A consumer; {@code groupId} null for one that assigns its partitions itself. */
    public <K, V> KafkaConsumer<K, V> consumer(String clientId, String groupId, Deserializer<K> keys,
            Deserializer<V> values, Map<String, ?> settings) {
        return new KafkaConsumer<>(consumerConfig(clientId, groupId, settings), keys, values);
    }

    public Admin admin() {
        return admin(Map.of());
    }

    public Admin admin(Map<String, ?> settings) {
        return Admin.create(merge(ADMIN_DEFAULTS, Map.of(), settings));
    }

    Map<String, Object> producerConfig(String clientId, Map<String, ?> settings) {
        return merge(PRODUCER_DEFAULTS, Map.of(ProducerConfig.CLIENT_ID_CONFIG, clientId), settings);
    }

    Map<String, Object> consumerConfig(String clientId, String groupId, Map<String, ?> settings) {
        Map<String, Object> own = new HashMap<>();
        own.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        if (groupId != null) {
            own.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        return merge(CONSUMER_DEFAULTS, own, settings);
    }

    private Map<String, Object> merge(Map<String, ?> defaults, Map<String, ?> own, Map<String, ?> settings) {
        Map<String, Object> config = connection();
        config.putAll(defaults);
        config.putAll(own);
        config.putAll(settings);
        return config;
    }
}
