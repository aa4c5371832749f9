package io.openlva.ingest.rtsp;

import java.time.Duration;

/**
 * FFmpeg settings of every session. Small probe values make a connect take about a second: the stream
 * parameters of H.264/H.265 come from the SDP and the first keyframe, nothing needs a long analysis.
 *
 * @param socketTimeout a silent camera (or a connect that hangs) fails after this long
 * @param probeSize bytes FFmpeg may read to find the stream parameters
 * @param analyzeDuration media time FFmpeg may read to find the stream parameters
 * @param udpBufferBytes socket receive buffer for RTP over UDP (1080p keyframes are bursts of ~100 packets)
 */
public record RtspSettings(Duration socketTimeout, long probeSize, Duration analyzeDuration, int udpBufferBytes) {

    public static final RtspSettings DEFAULT = new RtspSettings(Duration.ofSeconds(5), 500_000, Duration.ofMillis(1000),
            2 * 1024 * 1024);
}
