package io.openlva.runtime;

import io.openlva.graph.contract.TopicSpecs;
import io.openlva.graph.contract.Topics;
import io.openlva.graph.model.OwningService;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * What every service shares: which service this is, where Kafka is, the topic prefix and the partitions of the
 * media topics it creates. Each service's own settings live in its own mapping ({@code openlva.<service>.*}).
 *
 * <p>Kafka's connection security (TLS, SASL) is not listed here: it comes from the {@code KAFKA_SECURITY_PROTOCOL},
 * {@code KAFKA_SASL_*} and {@code KAFKA_SSL_*} environment variables the chart sets, an open set that
 * {@link io.openlva.graph.contract.KafkaClients} reads and {@link KafkaFactory} applies to every client.
 */
@ConfigMapping(prefix = "openlva")
public interface RuntimeConfig {

    /** This service, from {@code quarkus.application.name} (e.g. {@code ingest-service}). */
    @WithName("service")
    @WithDefault("${quarkus.application.name}")
    @WithConverter(OwningServiceConverter.class)
    OwningService service();

    /** Prefix of every OpenLVA topic (env {@code OPENLVA_TOPIC_PREFIX}). */
    @WithDefault(Topics.DEFAULT_PREFIX)
    String topicPrefix();

    /** Partitions of the media and event topics when this service is the first to create them. */
    @WithDefault("" + TopicSpecs.DEFAULT_MEDIA_PARTITIONS)
    int mediaPartitions();

    Kafka kafka();

    interface Kafka {
        /** Bootstrap servers; by default Quarkus' {@code kafka.bootstrap.servers} (env {@code KAFKA_BOOTSTRAP_SERVERS}). */
        @WithDefault("${kafka.bootstrap.servers:127.0.0.1:9092}")
        String bootstrapServers();
    }
}
