package io.openlva.ingest.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings of the ingest service; each is documented in application.properties. What every service shares (Kafka,
 * topic prefix, media partitions) is the runtime's {@link io.openlva.runtime.RuntimeConfig}.
 */
@ConfigMapping(prefix = "openlva.ingest")
public interface IngestConfig {

    /** LVA's applicationProperties.topic on the events this service emits. */
    Optional<String> eventTopic();

    Reconnect reconnect();

    Rtsp rtsp();

    Ownership ownership();

    Producer producer();

    interface Reconnect {
        @WithDefault("1s")
        Duration initialDelay();

        @WithDefault("30s")
        Duration maxDelay();

        /** Each delay is spread by ± this fraction. */
        @WithDefault("0.2")
        double jitter();
    }

    interface Rtsp {
        @WithDefault("5s")
        Duration socketTimeout();

        @WithDefault("500000")
        long probeSize();

        @WithDefault("1s")
        Duration analyzeDuration();

        @WithDefault("2097152")
        int udpBufferBytes();
    }

    interface Ownership {
        /** The consumer group the replicas join to share cameras. */
        @WithDefault("openlva-ingest")
        String groupId();

        /** A dead replica's cameras move to another one after this long (Kafka session timeout, >= 6s on a default broker). */
        @WithDefault("10s")
        Duration sessionTimeout();

        /** Partitions of the ownership topic (upper bound of replicas that get cameras) when this service creates it. */
        @WithDefault("24")
        int partitions();
    }

    interface Producer {
        /** How long the packet producer waits to batch packets. */
        @WithDefault("5ms")
        Duration linger();

        /** Largest packet (a 4K keyframe can be several MiB); the topic's max.message.bytes must allow it. */
        @WithDefault("16777216")
        int maxRequestSize();
    }
}
