package io.openlva.hub.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** hub-bridge settings ({@code openlva.hub.*}, env {@code OPENLVA_HUB_*}); documented in application.properties. */
@ConfigMapping(prefix = "openlva.hub")
public interface HubConfig {

    /** Bearer token every /api call must carry; absent: the API serves loopback clients only. */
    Optional<String> apiToken();

    /**
     * How long activation / deactivation waits for every service's report before completing anyway (naming the
     * services that did not report). Below IoT Hub's default direct-method response timeout of 30 s.
     */
    @WithDefault("PT20S")
    Duration transitionTimeout();

    /** How long a change waits for Kafka's acknowledgement, and then for the graph view to show it. */
    @WithDefault("PT15S")
    Duration writeTimeout();

    IotHub iothub();

    Console console();

    /** The web console (/console) and its data (/api/console). */
    interface Console {

        /** recorder-service's base URL: the console lists and plays its clips through it. */
        @WithDefault("http://127.0.0.1:8084")
        String recorderUrl();

        /** Base URLs of the services whose readiness and node metrics the Health page shows. */
        @WithDefault("http://127.0.0.1:8081,http://127.0.0.1:8082,http://127.0.0.1:8083,http://127.0.0.1:8084")
        java.util.List<String> serviceUrls();

        /** Latest events kept in memory for the Events page and the live overlay. */
        @WithDefault("2000")
        int eventBuffer();

        /** The frames reader behind the live preview stops this long after the last viewer asked for a frame. */
        @WithDefault("PT15S")
        Duration previewIdle();
    }

    interface IotHub {

        /** Device (or module, with ModuleId=) connection string; ignored when IOTEDGE_* variables are present. */
        Optional<String> connectionString();

        /** PEM file of extra CA certificates to trust (an IoT Edge gateway, a test broker). */
        Optional<String> trustedCaPath();

        /** Events older than this when IoT Hub is reachable again are skipped and counted (IoT Edge hub: 7200 s). */
        @WithDefault("PT7200S")
        Duration messageTtl();

        /**
         * Output name for diagnostics events (LVA module twin diagnosticsEventsOutputName); absent: not sent. A module's
         * twin overrides it while its desired properties hold the key (ModuleTwin).
         */
        Optional<String> diagnosticsEventsOutputName();

        /** Output name for operational events (LVA module twin operationalEventsOutputName); absent: not sent; as above. */
        Optional<String> operationalEventsOutputName();

        /**
         * Kafka consumer group of the publisher (its committed offsets are the acknowledged events); the channel's
         * {@code group.id} in application.properties.
         */
        @WithDefault("openlva-hub-bridge")
        String consumerGroup();

        /** Instances whose events are sent at once, one event each (order per instance); the channel's concurrency. */
        @WithDefault("32")
        int maxInFlight();

        /** Wait before sending again after a failed send. */
        @WithDefault("PT2S")
        Duration retryBackoff();

        /** A send not acknowledged within this time counts as failed and is sent again. */
        @WithDefault("PT60S")
        Duration sendTimeout();
    }
}
