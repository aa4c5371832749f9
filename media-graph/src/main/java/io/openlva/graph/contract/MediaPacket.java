package io.openlva.graph.contract;

import java.util.Objects;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One encoded access unit on {@code media.packets}. The value is the raw bitstream exactly as FFmpeg's
 * demuxer gave it; everything else travels in headers.
 *
 * @param codecConfig extradata, non-null on keyframes (so a consumer can start at any keyframe)
 * @param width coded width, 0 when unknown (only set on keyframes)
 * @param height coded height, 0 when unknown
 * @param mediaTimeDerived true when the camera gave no timestamp and one was derived
 */
public record MediaPacket(
        StreamKey key,
        String sessionId,
        long sequence,
        Codec codec,
        long mediaTimeUs,
        boolean mediaTimeDerived,
        long captureTimeMs,
        boolean keyframe,
        byte[] codecConfig,
        int width,
        int height,
        byte[] data) {

    public MediaPacket {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(data, "data");
    }

    public ProducerRecord<String, byte[]> toRecord(String topic) {
        RecordHeaders h = new RecordHeaders();
        HeaderValues.put(h, Headers.CODEC, codec.wireName());
        HeaderValues.put(h, Headers.MEDIA_TIME_US, mediaTimeUs);
        if (mediaTimeDerived) {
            HeaderValues.put(h, Headers.MEDIA_TIME_DERIVED, "1");
        }
        HeaderValues.put(h, Headers.CAPTURE_TIME_MS, captureTimeMs);
        HeaderValues.put(h, Headers.KEYFRAME, keyframe ? "1" : "0");
        HeaderValues.put(h, Headers.SESSION_ID, sessionId);
        HeaderValues.put(h, Headers.SEQUENCE, sequence);
        if (codecConfig != null) {
            h.add(Headers.CODEC_CONFIG, codecConfig);
        }
        if (width > 0 && height > 0) {
            HeaderValues.put(h, Headers.WIDTH, width);
            HeaderValues.put(h, Headers.HEIGHT, height);
        }
        return new ProducerRecord<>(topic, null, captureTimeMs, key.toString(), data, h);
    }

    public static MediaPacket fromRecord(ConsumerRecord<String, byte[]> record) {
        return fromParts(record.key(), record.value(), record.headers());
    }

    public static MediaPacket fromParts(String key, byte[] value, org.apache.kafka.common.header.Headers h) {
        return new MediaPacket(
                StreamKey.parse(key),
                HeaderValues.string(h, Headers.SESSION_ID),
                HeaderValues.longValue(h, Headers.SEQUENCE, -1),
                Codec.fromWireName(HeaderValues.required(h, Headers.CODEC)),
                HeaderValues.longValue(h, Headers.MEDIA_TIME_US, 0),
                "1".equals(HeaderValues.string(h, Headers.MEDIA_TIME_DERIVED)),
                HeaderValues.longValue(h, Headers.CAPTURE_TIME_MS, 0),
                "1".equals(HeaderValues.string(h, Headers.KEYFRAME)),
                HeaderValues.bytes(h, Headers.CODEC_CONFIG),
                (int) HeaderValues.longValue(h, Headers.WIDTH, 0),
                (int) HeaderValues.longValue(h, Headers.HEIGHT, 0),
                value == null ? new byte[0] : value);
    }

    /** Video codecs the pipeline carries without decoding. */
    public enum Codec {
        H264("h264"), H265("h265");

        private final String wireName;

        Codec(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static Codec fromWireName(String name) {
            for (Codec c : values()) {
                if (c.wireName.equalsIgnoreCase(name) || ("hevc".equalsIgnoreCase(name) && c == H265)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("unsupported codec " + name);
        }
    }
}
