package io.openlva.sampler.config;

import java.util.Optional;

import io.openlva.sampler.image.ScaleAlgorithm;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * sampler-service settings ({@code openlva.sampler.*}, env {@code OPENLVA_SAMPLER_*}); documented in
 * application.properties. What every service shares (Kafka, topic prefix, media partitions) is the runtime's
 * {@link io.openlva.runtime.RuntimeConfig}.
 */
@ConfigMapping(prefix = "openlva.sampler")
public interface SamplerConfig {

    /** Kafka consumers (threads) reading media.packets; each decodes the streams of its partitions. */
    @WithDefault("2")
    int consumerThreads();

    /** FFmpeg threads per stream decoder; 1 keeps one frame of latency and lets streams share the cores. */
    @WithDefault("1")
    int decoderThreads();

    /** Consumer group shared by the replicas: it gives each stream to one replica. */
    @WithDefault("openlva-sampler")
    String consumerGroup();

    /** Where a partition without a committed offset starts: latest (live) or earliest (replay retention). */
    @WithDefault("latest")
    String startOffset();

    /** swscale filter for extension images: fast-bilinear, bilinear, area, bicubic. */
    @WithDefault("fast-bilinear")
    ScaleAlgorithm scaleAlgorithm();

    /** JPEG quality when an extension's image format gives none. */
    @WithDefault("90")
    int defaultJpegQuality();

    /** LVA applicationProperties.topic of the motion events; absent: /openlva. */
    Optional<String> eventTopic();

    /** Largest record the frame producer sends (raw full-size frames are several MiB). */
    @WithDefault("16777216")
    int maxFrameBytes();
}
