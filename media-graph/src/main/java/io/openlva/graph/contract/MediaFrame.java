package io.openlva.graph.contract;

import java.util.Objects;

import io.openlva.graph.model.NodeKind;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One image prepared for an extension node, on {@code media.frames}. The record key is the {@link StreamKey}
 * {@code instance/extensionNode} for nodes that need their stream in order ({@link NodeKind#needsStreamOrder()}:
 * one partition, one consumer); for the others it is {@code instance/extensionNode#mediaTimeUs}, so one camera's
 * frames spread over every partition and every inference replica. Either way {@link #fromParts} gives back the
 * stream key; consumers order a stream's results by {@code mediaTimeUs}, never by arrival.
 *
 * @param contentType image/jpeg, image/png, image/bmp or image/x-raw
 * @param pixelFormat LVA pixel format name for raw images, else null
 * @param scaleMode how the image was scaled (preserveAspectRatio, pad, stretch, none); pad matters
 *     for mapping boxes back to the original frame
 * @param inferencesJson JSON array of LVA inferences attached upstream (motion regions...), or null
 */
public record MediaFrame(
        StreamKey key,
        String sourceNode,
        long mediaTimeUs,
        long captureTimeMs,
        String contentType,
        String pixelFormat,
        int width,
        int height,
        int sourceWidth,
        int sourceHeight,
        String scaleMode,
        String inferencesJson,
        byte[] data) {

    public MediaFrame {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(data, "data");
    }

    /**
     * Content type of a frame without an image: it only says that the camera had a frame at its media time. The
     * sampler sends one for each frame an extension feeding an object tracker does not analyse (its
     * {@code maximumSamplesPerSecond} skips it), so the tracker moves its tracks on every frame in between.
     */
    public static final String TIME_ONLY = "application/x-openlva-time-only";

    /** A frame between an extension's samples: its media time, no image ({@link #TIME_ONLY}). */
    public static MediaFrame timeOnly(StreamKey key, String sourceNode, long mediaTimeUs, long captureTimeMs,
            int sourceWidth, int sourceHeight, String inferencesJson) {
        return new MediaFrame(key, sourceNode, mediaTimeUs, captureTimeMs, TIME_ONLY, null, 0, 0, sourceWidth,
                sourceHeight, null, inferencesJson, new byte[0]);
    }

    /** Whether this frame carries no image, only its media time (see {@link #TIME_ONLY}). */
    public boolean timeOnly() {
        return TIME_ONLY.equals(contentType);
    }

    /** Kafka key separator between the stream key and the per-frame part of a spread frame's key. */
    public static final char SPREAD_SEPARATOR = '#';

    /** A record keyed by stream (sticky: all of the stream's frames on one partition). */
    public ProducerRecord<String, byte[]> toRecord(String topic) {
        return toRecord(topic, false);
    }

    /**
     * A record for {@code topic}; {@code spread} keys it per frame (see the class comment), else per stream.
     */
    public ProducerRecord<String, byte[]> toRecord(String topic, boolean spread) {
        RecordHeaders h = new RecordHeaders();
        HeaderValues.put(h, Headers.SOURCE_NODE, sourceNode);
        HeaderValues.put(h, Headers.MEDIA_TIME_US, mediaTimeUs);
        HeaderValues.put(h, Headers.CAPTURE_TIME_MS, captureTimeMs);
        HeaderValues.put(h, Headers.CONTENT_TYPE, contentType);
        HeaderValues.put(h, Headers.PIXEL_FORMAT, pixelFormat);
        HeaderValues.put(h, Headers.WIDTH, width);
        HeaderValues.put(h, Headers.HEIGHT, height);
        HeaderValues.put(h, Headers.SOURCE_WIDTH, sourceWidth);
        HeaderValues.put(h, Headers.SOURCE_HEIGHT, sourceHeight);
        HeaderValues.put(h, Headers.SCALE_MODE, scaleMode);
        HeaderValues.put(h, Headers.INFERENCES, inferencesJson);
        String recordKey = spread ? key + String.valueOf(SPREAD_SEPARATOR) + mediaTimeUs : key.toString();
        return new ProducerRecord<>(topic, null, captureTimeMs, recordKey, data, h);
    }

    public static MediaFrame fromRecord(ConsumerRecord<String, byte[]> record) {
        return fromParts(record.key(), record.value(), record.headers());
    }

    public static MediaFrame fromParts(String key, byte[] value, org.apache.kafka.common.header.Headers h) {
        return new MediaFrame(
                StreamKey.parse(streamPart(key)),
                HeaderValues.string(h, Headers.SOURCE_NODE),
                HeaderValues.longValue(h, Headers.MEDIA_TIME_US, 0),
                HeaderValues.longValue(h, Headers.CAPTURE_TIME_MS, 0),
                HeaderValues.required(h, Headers.CONTENT_TYPE),
                HeaderValues.string(h, Headers.PIXEL_FORMAT),
                (int) HeaderValues.longValue(h, Headers.WIDTH, 0),
                (int) HeaderValues.longValue(h, Headers.HEIGHT, 0),
                (int) HeaderValues.longValue(h, Headers.SOURCE_WIDTH, 0),
                (int) HeaderValues.longValue(h, Headers.SOURCE_HEIGHT, 0),
                HeaderValues.string(h, Headers.SCALE_MODE),
                HeaderValues.string(h, Headers.INFERENCES),
                value == null ? new byte[0] : value);
    }

    /** The {@code instance/node} part of a frame record's key, spread or not. */
    public static String streamPart(String recordKey) {
        int hash = recordKey == null ? -1 : recordKey.indexOf(SPREAD_SEPARATOR);
        return hash < 0 ? recordKey : recordKey.substring(0, hash);
    }
}
