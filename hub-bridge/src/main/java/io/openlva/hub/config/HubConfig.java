package io.openlva.hub.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** hub-bridge settings ({@code openlva.hub.*}, env {@code OPENLVA_HUB_*}); documented in application.properties. */
@ConfigMapping(prefix = "openlva.hub")
public interface HubConfig {

    /** Bearer token every /api call must carry; absent: the API serves loopback clients only. */
    Optional<String> apiToken();

    /** Node kinds (NodeKind names) this deployment runs; activation of a graph using another kind is refused. */
    @WithDefault("RTSP_SOURCE,IOT_HUB_MESSAGE_SOURCE,MOTION_DETECTION,FRAME_RATE_FILTER,HTTP_EXTENSION,ONNX_EXTENSION,SIGNAL_GATE,FILE_SINK,ASSET_SINK,IOT_HUB_MESSAGE_SINK")
    List<String> runnableNodeKinds();

    /** Time services get to wind an instance down (the recorder closes clips) between Deactivating and Inactive. */
    @WithDefault("PT3S")
    Duration deactivationGrace();

    /** How long start-up waits for the graph topics before retrying (readiness stays down meanwhile). */
    @WithDefault("PT30S")
    Duration catchUpTimeout();

    /** Partitions of the media/event topics when hub-bridge has to create them. */
    @WithDefault("3")
    int mediaPartitions();

    IotHub iothub();

    interface IotHub {

        /** Device (or module, with ModuleId=) connection string; ignored when IOTEDGE_* variables are present. */
        Optional<String> connectionString();

        /** PEM file of extra CA certificates to trust (an IoT Edge gateway, a test broker). */
        Optional<String> trustedCaPath();

        /** Events older than this when IoT Hub is reachable again are skipped and counted (IoT Edge hub: 7200 s). */
        @WithDefault("PT7200S")
        Duration messageTtl();

        /** Output name for diagnostics events (LVA module twin diagnosticsEventsOutputName); absent: not sent. */
        Optional<String> diagnosticsEventsOutputName();

        /** Output name for operational events (LVA module twin operationalEventsOutputName); absent: not sent. */
        Optional<String> operationalEventsOutputName();

        /** Kafka consumer group of the publisher (its committed offsets are the acknowledged events). */
        @WithDefault("openlva-hub-bridge")
        String consumerGroup();

        /** Events sent to IoT Hub before waiting for their acknowledgements. */
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
