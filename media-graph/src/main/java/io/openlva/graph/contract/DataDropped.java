package io.openlva.graph.contract;

import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.graph.model.Secrets;

/**
 * LVA/AVA's {@code Diagnostics.DataDropped}: what a node dropped since its last report, one body for every service.
 * Body: {@code dataType} (what was dropped, the field AVA's consumers read), {@code count}, {@code reasons} (count
 * per reason, the values of the service's dropped-data metric tag), {@code timestamp} / {@code lastTimestamp} (LVA's
 * 90 kHz media time of the first and last item dropped, when known) and {@code errorDetails} (the latest reason in
 * words, URL credentials masked).
 *
 * @param dataType {@link #FRAME}, {@link #EVENT} or {@link #PACKET}
 * @param reasons count per reason; their sum is the body's {@code count}
 * @param firstMediaTimeUs media time of the first item dropped, or -1
 * @param lastMediaTimeUs media time of the last item dropped, or -1
 * @param errorDetails the latest reason in words, or null
 */
public record DataDropped(String dataType, Map<String, Long> reasons, long firstMediaTimeUs, long lastMediaTimeUs,
        String errorDetails) {

    /** Video frames (sampler, inference). */
    public static final String FRAME = "frame";
    /** Events (a signal gate's triggers). */
    public static final String EVENT = "event";
    /** Encoded media packets (ingest, recorder). */
    public static final String PACKET = "packet";

    public DataDropped {
        reasons = Map.copyOf(reasons);
    }

    public long count() {
        return reasons.values().stream().mapToLong(Long::longValue).sum();
    }

    public ObjectNode body() {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("dataType", dataType);
        body.put("count", count());
        ObjectNode byReason = body.putObject("reasons");
        new TreeMap<>(reasons).forEach(byReason::put);
        if (firstMediaTimeUs >= 0) {
            body.put("timestamp", Inferences.lvaTimestamp(firstMediaTimeUs));
        }
        if (lastMediaTimeUs >= 0) {
            body.put("lastTimestamp", Inferences.lvaTimestamp(lastMediaTimeUs));
        }
        if (errorDetails != null) {
            body.put("errorDetails", Secrets.maskUrlsIn(errorDetails));
        }
        return body;
    }

    /** The event on {@code subject} (the dropping node), at the media time of the first item dropped. */
    public GraphEvent event(String lvaTopic, String instance, String subject) {
        return GraphEvent.of(lvaTopic, instance, subject, EventTypes.DATA_DROPPED, Math.max(-1, firstMediaTimeUs),
                body());
    }
}
