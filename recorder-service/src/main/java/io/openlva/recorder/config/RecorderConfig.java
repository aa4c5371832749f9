package io.openlva.recorder.config;

import java.time.Duration;

import io.openlva.recorder.gate.LateEventPolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Settings of recorder-service ({@code openlva.recorder.*}); documented in application.properties. */
@ConfigMapping(prefix = "openlva.recorder")
public interface RecorderConfig {

    /** Directory that holds AssetSink assets (one sub-directory per asset). */
    @WithDefault("/var/media/assets")
    String assetBaseDirectory();

    /**
     * FileSink base directories must be one of these or below one (the recordings volume); a topology naming any
     * other directory is refused at activation. The asset base directory is always allowed.
     */
    @WithDefault("/var/media")
    java.util.List<String> allowedDirectories();

    /** No new recording file is started while the volume has less free space than this (bytes; 0 turns it off). */
    @WithDefault("67108864")
    long minimumFreeSpace();

    /** After a storage error (disk full, read-only volume), the first wait before a new file; doubles to 60 s. */
    @WithDefault("PT2S")
    Duration storageRetry();

    /** Consumer group on the packets topic; replicas share the streams by partition. */
    @WithDefault("recorder")
    String packetsGroup();

    /** Where a new consumer group starts reading packets: latest or earliest. */
    @WithDefault("latest")
    String packetsOffsetReset();

    /** A replica that stops heart-beating loses its streams to the others (or to its restart) after this long. */
    @WithDefault("PT10S")
    Duration packetsSessionTimeout();

    /** At start-up, gate events are read from this far back. */
    @WithDefault("PT1M")
    Duration eventsLookback();

    /**
     * Gate events later than activationEvaluationWindow: RECORD (still open or extend the gate at their media time,
     * the clip cut from Kafka) or DROP (LVA's rule: dropped, counted, DataDropped).
     */
    @WithDefault("record")
    LateEventPolicy.Mode lateEvents();

    /** The longest a gate holds its decisions back for events as late as the ones it has seen. */
    @WithDefault("PT1M")
    Duration lateEventsMaxWait();

    /** First seek of a pre-roll read goes this much before the clip start (doubled until a keyframe is found). */
    @WithDefault("PT10S")
    Duration prerollSeekMargin();

    /** Clips of a stream with no packet for this long are closed (camera gone, ingest stopped). */
    @WithDefault("PT30S")
    Duration idleClose();

    /** Continuous recording to a FileSink (no segmentLength in LVA): one file per this much media. */
    @WithDefault("PT5M")
    Duration continuousFileSegmentLength();

    /** AssetSink with no segmentLength in continuous recording: one segment file per this much media. */
    @WithDefault("PT30S")
    Duration continuousAssetSegmentLength();

    /**
     * Bearer token hub-bridge's console presents to read /recordings (the chart sets hub-bridge's API token here);
     * absent: /recordings answers loopback clients only.
     */
    java.util.Optional<String> filesToken();

    /** LVA's applicationProperties.topic on the events this service emits. */
    @WithDefault("/openlva")
    @WithName("event-source")
    String eventSource();
}
